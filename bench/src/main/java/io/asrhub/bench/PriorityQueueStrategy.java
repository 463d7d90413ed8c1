package io.asrhub.bench;

import io.asrhub.provider.Provider;
import io.asrhub.provider.Recognizer;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The design document's task queue: one recognizer (one slot of the common layout), jobs served shortest first by
 * audio duration, with aging so long files are not starved: a job's priority key is its audio seconds
 * minus {@link #AGING_PER_SECOND} for every second it has waited, re-evaluated whenever the recognizer
 * takes its next job. With 3, a 3-minute file that waited a minute goes ahead of a newly arrived 5 s clip.
 * A job already running is never interrupted, so a short clip can still wait for a whole long file.
 */
final class PriorityQueueStrategy implements Strategy {
    static final double AGING_PER_SECOND = 3.0;

    private record Waiting(BenchJob job, float[] audio, Done done, long sinceNanos) {
        double key(long now) {
            return job.audioMs() / 1000.0 - AGING_PER_SECOND * (now - sinceNanos) / 1e9;
        }
    }

    private final Path model;
    private final int threads;
    private final List<Waiting> queue = new ArrayList<>();
    private final Thread worker = new Thread(this::serve, "priority-queue-worker");
    private Provider provider;
    private Recognizer recognizer;
    private volatile boolean closed;
    private volatile int busy;

    PriorityQueueStrategy(Path model, int threads) {
        this.model = model;
        this.threads = threads;
    }

    @Override
    public void start() throws Exception {
        provider = AsrHubEngine.open(model, threads, 1);
        recognizer = provider.newRecognizer();
        worker.setDaemon(true);
        worker.start();
    }

    @Override
    public void submit(BenchJob job, float[] audio, Done done) {
        synchronized (queue) {
            queue.add(new Waiting(job, audio, done, System.nanoTime()));
            queue.notifyAll();
        }
    }

    private Waiting next() throws InterruptedException {
        synchronized (queue) {
            while (queue.isEmpty()) {
                queue.wait();
            }
            long now = System.nanoTime();
            Waiting best = queue.get(0);
            for (Waiting w : queue) {
                if (w.key(now) < best.key(now)) {
                    best = w;
                }
            }
            queue.remove(best);
            return best;
        }
    }

    private void serve() {
        while (!closed) {
            Waiting w;
            try {
                w = next();
            } catch (InterruptedException e) {
                return;
            }
            busy = 1;
            String text;
            try {
                text = AsrHubEngine.transcribe(recognizer, w.job(), w.audio());
            } catch (Exception | Error e) {
                busy = 0;
                w.done().finished(null, e);
                continue;
            }
            busy = 0;
            w.done().finished(text, null);
        }
    }

    @Override
    public int busySlots() {
        return busy;
    }

    @Override
    public void close() {
        closed = true;
        worker.interrupt();
        if (recognizer != null) {
            recognizer.close();
        }
        if (provider != null) {
            provider.close();
        }
    }
}
