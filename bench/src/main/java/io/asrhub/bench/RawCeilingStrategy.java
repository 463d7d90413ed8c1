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
 * The throughput limit: whisper-jni called directly with one decoding state and one thread per core,
 * jobs taken in arrival order, no lanes, no pool bookkeeping, no native-call gate. Whatever the other
 * strategies reach is reported as a fraction of this.
 */
final class RawCeilingStrategy implements Strategy {
    private final Path model;
    private final int cores;
    private RawWhisper whisper;
    private ExecutorService workers;
    private final List<WhisperState> states = new ArrayList<>();
    private BlockingQueue<WhisperState> free;

    RawCeilingStrategy(Path model, int cores) {
        this.model = model;
        this.cores = cores;
    }

    @Override
    public void start() throws Exception {
        whisper = new RawWhisper(model);
        free = new ArrayBlockingQueue<>(cores);
        for (int i = 0; i < cores; i++) {
            WhisperState state = whisper.newState();
            states.add(state);
            free.add(state);
        }
        workers = Executors.newFixedThreadPool(cores);
    }

    @Override
    public void submit(BenchJob job, float[] audio, Done done) {
        workers.execute(() -> {
            WhisperState state = null;
            try {
                state = free.take(); // as many states as threads: never waits
                done.finished(whisper.transcribe(state, audio, 1), null);
            } catch (Exception | Error e) {
                done.finished(null, e);
            } finally {
                if (state != null) {
                    free.add(state);
                }
            }
        });
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
