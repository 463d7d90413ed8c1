package io.asrhub.bench;

import io.github.givimad.whisperjni.WhisperState;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The throughput limit: whisper-jni called directly with the common layout ({@code slots} decoding
 * states of {@code threads} threads), jobs taken in arrival order, no lanes, no pool bookkeeping, no
 * native-call gate. Whatever the other strategies reach is reported as a fraction of this, and its solo
 * time for a short clip is every strategy's common "× solo" baseline.
 */
final class RawCeilingStrategy implements Strategy {
    private final Path model;
    private final int slots;
    private final int threads;
    private final java.util.concurrent.atomic.AtomicInteger busy = new java.util.concurrent.atomic.AtomicInteger();
    private RawWhisper whisper;
    private ExecutorService workers;
    private final List<WhisperState> states = new ArrayList<>();
    private BlockingQueue<WhisperState> free;

    RawCeilingStrategy(Path model, int slots, int threads) {
        this.model = model;
        this.slots = slots;
        this.threads = threads;
    }

    @Override
    public void start() throws Exception {
        whisper = new RawWhisper(model);
        free = new ArrayBlockingQueue<>(slots);
        for (int i = 0; i < slots; i++) {
            WhisperState state = whisper.newState();
            states.add(state);
            free.add(state);
        }
        workers = Executors.newFixedThreadPool(slots);
    }

    @Override
    public void submit(BenchJob job, float[] audio, Done done) {
        workers.execute(() -> {
            WhisperState state = null;
            try {
                state = free.take(); // as many states as threads: never waits
                busy.incrementAndGet();
                String text = whisper.transcribe(state, audio, threads);
                busy.decrementAndGet();
                free.add(state);
                state = null;
                done.finished(text, null);
            } catch (Exception | Error e) {
                if (state != null) {
                    busy.decrementAndGet();
                    free.add(state);
                }
                done.finished(null, e);
            }
        });
    }

    @Override
    public int busySlots() {
        return busy.get();
    }

    @Override
    public void close() {
        if (workers != null) {
            workers.shutdownNow();
        }
        if (whisper != null) { // idempotent: freeing native memory twice would crash the JVM
            states.forEach(whisper::free);
            states.clear();
            whisper.close();
            whisper = null;
        }
    }
}
