package io.asrhub.bench;

import io.asrhub.provider.Provider;
import io.asrhub.provider.Recognizer;

import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The starting point: one recognizer behind one lock, requests served first come, first served. The
 * single recognizer gets every core's thread, as a single-model server would configure it.
 */
final class GlobalLockStrategy implements Strategy {
    private final Path model;
    private final int threads;
    private Provider provider;
    private Recognizer recognizer;
    private final ExecutorService fifo = Executors.newSingleThreadExecutor();

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
            try {
                done.finished(AsrHubEngine.transcribe(recognizer, job, audio), null);
            } catch (Exception | Error e) {
                done.finished(null, e);
            }
        });
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
