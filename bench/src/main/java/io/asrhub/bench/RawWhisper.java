package io.asrhub.bench;

import io.github.givimad.whisperjni.WhisperContext;
import io.github.givimad.whisperjni.WhisperFullParams;
import io.github.givimad.whisperjni.WhisperJNI;
import io.github.givimad.whisperjni.WhisperSamplingStrategy;
import io.github.givimad.whisperjni.WhisperState;

import java.io.IOException;
import java.nio.file.Path;

/**
 * whisper-jni driven directly, without asr-hub's provider, pool or native-call gate: what the raw
 * ceiling and the no-lock experiment need. Same decoding parameters as asr-hub's whisper recognizer
 * (greedy, English, no context carried between calls).
 */
final class RawWhisper implements AutoCloseable {
    private static final int MIN_SAMPLES = 16_000 + 1_600; // whisper.cpp ignores input under one second
    private static boolean libraryLoaded;

    private final WhisperJNI whisper = new WhisperJNI();
    private final WhisperContext context;

    RawWhisper(Path model) throws IOException {
        loadLibrary();
        context = whisper.initNoState(model);
        if (context == null) {
            throw new IOException(model + ": whisper.cpp could not load the model");
        }
    }

    private static synchronized void loadLibrary() throws IOException {
        if (!libraryLoaded) {
            WhisperJNI.loadLibrary();
            WhisperJNI.setLibraryLogger(line -> { });
            libraryLoaded = true;
        }
    }

    /** Create every state before decoding starts: whisper-jni's native maps are not thread-safe. */
    WhisperState newState() throws IOException {
        WhisperState state = whisper.initState(context);
        if (state == null) {
            throw new IOException("whisper.cpp could not allocate a decoding state");
        }
        return state;
    }

    String transcribe(WhisperState state, float[] audio, int threads) throws IOException {
        return transcribe(state, audio, threads, 0);
    }

    /**
     * {@code audioCtx}: encoder frames to run (whisper.cpp's audio_ctx; 1500 = the full 30 s window,
     * 0 = default). Fewer frames make a short clip cheaper to encode, at a risk to accuracy.
     */
    String transcribe(WhisperState state, float[] audio, int threads, int audioCtx) throws IOException {
        float[] samples = audio.length >= MIN_SAMPLES ? audio : java.util.Arrays.copyOf(audio, MIN_SAMPLES);
        WhisperFullParams p = new WhisperFullParams(WhisperSamplingStrategy.GREEDY);
        p.nThreads = threads;
        p.audioCtx = audioCtx;
        p.language = "en";
        p.noContext = true;
        p.printProgress = false;
        p.printRealtime = false;
        p.printTimestamps = false;
        p.printSpecial = false;
        int rc = whisper.fullWithState(context, state, p, samples, samples.length);
        if (rc != 0) {
            throw new IOException("whisper.cpp failed with code " + rc);
        }
        StringBuilder text = new StringBuilder();
        int count = whisper.fullNSegmentsFromState(state);
        for (int i = 0; i < count; i++) {
            String segment = whisper.fullGetSegmentTextFromState(state, i).strip();
            if (!segment.isEmpty()) {
                text.append(text.length() > 0 ? " " : "").append(segment);
            }
        }
        return text.toString();
    }

    void free(WhisperState state) {
        whisper.free(state);
    }

    @Override
    public void close() {
        whisper.free(context);
    }
}
