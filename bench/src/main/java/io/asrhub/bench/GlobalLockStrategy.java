package io.asrhub.bench;

import io.asrhub.provider.Provider;
import io.asrhub.provider.Recognizer;

import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The starting point: one recognizer behind one lock, requests served first come, first served. It gets
 * one slot of the common layout ({@code --threads} threads): one recognition at a time is what the lock means.
 */
final class GlobalLockStrategy implements Strategy {
    private final Path model;
    private final int threads;
    private Provider provider;
    private Recognizer recognizer;
    private final ExecutorService fifo = Executors.newSingleThreadExecutor();
    private final java.util.concurrent.atomic.AtomicInteger busy = new java.util.concurrent.atomic.AtomicInteger();

    GlobalLockStrategy(Path model, int threads) {
        this.model = model;
        this.threads = threads;
    }

    @Override
    public void start() throws Exception {
        provider = AsrHubEngine.open(model, threads, 1);
        recognizer = provider.newRecognizer();
    }

    @Override
    public void submit(BenchJob job, float[] audio, Done done) {
        fifo.execute(() -> {
            busy.incrementAndGet();
            String text;
            try {
                text = AsrHubEngine.transcribe(recognizer, job, audio);
            } catch (Exception | Error e) {
                busy.decrementAndGet();
                done.finished(null, e);
                return;
            }
            busy.decrementAndGet();
            done.finished(text, null);
        });
    }

    @Override
    public int busySlots() {
        return busy.get();
    }

    @Override
    public void close() {
        fifo.shutdownNow();
        if (recognizer != null) {
            recognizer.close();
        }
        if (provider != null) {
            provider.close();
        }
    }
}
