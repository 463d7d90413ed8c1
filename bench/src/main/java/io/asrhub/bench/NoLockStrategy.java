package io.asrhub.bench;

import io.github.givimad.whisperjni.WhisperState;

import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The design document's "remove the global lock": N threads call whisper.cpp on ONE shared decoding
 * state at the same time. whisper.cpp does not support this (a state holds one decode's buffers and
 * results), so it may crash the process, return another request's text, or happen to work. It only
 * ever runs in its own child process; the parent reports which of the three happened.
 */
final class NoLockStrategy implements Strategy {
    private final Path model;
    private final int threads;
    private final int threadsPerCall;
    private RawWhisper whisper;
    private WhisperState shared;
    private ExecutorService callers;

    NoLockStrategy(Path model, int threads, int threadsPerCall) {
        this.model = model;
        this.threads = threads;
        this.threadsPerCall = threadsPerCall;
    }

    @Override
    public void start() throws Exception {
        whisper = new RawWhisper(model);
        shared = whisper.newState();
        callers = Executors.newFixedThreadPool(threads);
    }

    @Override
    public void submit(BenchJob job, float[] audio, Done done) {
        callers.execute(() -> {
            try {
                done.finished(whisper.transcribe(shared, audio, threadsPerCall), null);
            } catch (Exception | Error e) {
                done.finished(null, e);
            }
        });
    }

    @Override
    public void close() {
        if (callers != null) {
            callers.shutdownNow();
        }
        // The shared state and context are left to process exit: freeing them under a possibly
        // still-running native call could turn a measurable result into a crash at shutdown.
    }
}
