package io.asrhub.provider.whisper;

import io.asrhub.errors.AsrException;
import io.asrhub.errors.ErrorCode;
import io.asrhub.provider.RecognitionRequest;
import io.asrhub.provider.Recognizer;
import io.asrhub.provider.Segment;
import io.asrhub.provider.Transcript;
import io.github.givimad.whisperjni.WhisperContext;
import io.github.givimad.whisperjni.WhisperFullParams;
import io.github.givimad.whisperjni.WhisperJNI;
import io.github.givimad.whisperjni.WhisperSamplingStrategy;
import io.github.givimad.whisperjni.WhisperState;

import java.util.ArrayList;
import java.util.List;

/** One whisper decoding state over a shared model; used by one thread at a time (the pool ensures it). */
final class WhisperRecognizer implements Recognizer {
    private static final int CENTISECONDS_TO_MS = 10;
    private static final int MIN_SAMPLES = 16_000 + 1_600;

    private final WhisperJNI whisper;
    private final WhisperContext context;
    private final WhisperState state;
    private final WhisperOptions options;
    private final boolean multilingual;
    private volatile boolean failed;
    private volatile boolean closed;

    WhisperRecognizer(WhisperJNI whisper, WhisperContext context, WhisperState state, WhisperOptions options,
                      boolean multilingual) {
        this.whisper = whisper;
        this.context = context;
        this.state = state;
        this.options = options;
        this.multilingual = multilingual;
    }

    @Override
    public Transcript transcribe(RecognitionRequest request) throws AsrException {
        float[] samples = padToMinimum(request.audio().samples());
        long durationMs = request.audio().durationMs();
        String language = request.language() != null && multilingual ? request.language() : options.language();
        List<Segment> segments;
        NativeGate.INSTANCE.enterShared();
        try {
            int rc = whisper.fullWithState(context, state, params(language, samples.length), samples, samples.length);
            if (rc != 0) {
                failed = true;
                throw new AsrException(ErrorCode.PROVIDER_FAILED,
                        request.source() + ": whisper.cpp failed with code " + rc);
            }
            int count = whisper.fullNSegmentsFromState(state);
            segments = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                // whisper reports the end of its 30 s window for the last segment; clamp to the audio.
                long start = clamp(whisper.fullGetSegmentTimestamp0FromState(state, i) * CENTISECONDS_TO_MS, 0, durationMs);
                long end = clamp(whisper.fullGetSegmentTimestamp1FromState(state, i) * CENTISECONDS_TO_MS, start,
                        durationMs);
                segments.add(new Segment(start, end, whisper.fullGetSegmentTextFromState(state, i).strip()));
            }
        } finally {
            NativeGate.INSTANCE.exitShared();
        }
        // whisper-jni cannot read back an auto-detected language, so only a fixed one is reported.
        return Transcript.fromSegments(segments, "auto".equals(language) ? null : language);
    }

    /**
     * whisper.cpp ignores input under one second, and a reused state then returns the previous
     * clip's text; padding with silence makes short clips safe.
     */
    static float[] padToMinimum(float[] samples) {
        return samples.length >= MIN_SAMPLES ? samples : java.util.Arrays.copyOf(samples, MIN_SAMPLES);
    }

    private static long clamp(long value, long min, long max) {
        return Math.max(min, Math.min(max, value));
    }

    private WhisperFullParams params(String language, int samples) {
        WhisperSamplingStrategy strategy = options.beamSize() > 1
                ? WhisperSamplingStrategy.BEAN_SEARCH : WhisperSamplingStrategy.GREEDY;
        WhisperFullParams p = new WhisperFullParams(strategy);
        p.nThreads = options.threads();
        p.language = language;
        p.translate = options.translate();
        p.beamSearchBeamSize = Math.max(options.beamSize(), 1);
        p.printProgress = false;
        p.printRealtime = false;
        p.printTimestamps = false;
        p.printSpecial = false;
        p.noContext = true;
        p.audioCtx = options.fittedWindow() ? EncoderWindow.fitted(samples) : 0;
        return p;
    }

    @Override
    public boolean isHealthy() {
        return !failed && !closed;
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            NativeGate.INSTANCE.exclusive(() -> whisper.free(state));
        }
    }
}
