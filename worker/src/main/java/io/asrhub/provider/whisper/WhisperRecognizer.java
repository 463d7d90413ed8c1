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
        float[] samples = request.audio().samples();
        String language = request.language() != null && multilingual ? request.language() : options.language();
        int rc = whisper.fullWithState(context, state, params(language), samples, samples.length);
        if (rc != 0) {
            failed = true;
            throw new AsrException(ErrorCode.PROVIDER_FAILED,
                    request.source() + ": whisper.cpp failed with code " + rc);
        }
        int count = whisper.fullNSegmentsFromState(state);
        List<Segment> segments = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            long start = whisper.fullGetSegmentTimestamp0FromState(state, i) * CENTISECONDS_TO_MS;
            long end = whisper.fullGetSegmentTimestamp1FromState(state, i) * CENTISECONDS_TO_MS;
            segments.add(new Segment(start, end, whisper.fullGetSegmentTextFromState(state, i).strip()));
        }
        // whisper-jni cannot read back an auto-detected language, so only a fixed one is reported.
        return Transcript.fromSegments(segments, "auto".equals(language) ? null : language);
    }

    private WhisperFullParams params(String language) {
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
            whisper.free(state);
        }
    }
}
