package io.asrhub.recognition;

import io.asrhub.provider.Transcript;

/**
 * A finished recognition with everything a user or a results record reports about it.
 * {@code pieces} is how many pieces the audio was split into and recognised in parallel (1 = whole);
 * {@code truncated}: the audio held less than its header declared (accepted by audio.accept-truncated).
 */
public record Transcription(String source, Transcript transcript, String provider, String model, String sourceFormat,
                           long audioDurationMs, long waitMs, long processingMs, int pieces, boolean truncated) {
    public Transcription(String source, Transcript transcript, String provider, String model, String sourceFormat,
                         long audioDurationMs, long waitMs, long processingMs) {
        this(source, transcript, provider, model, sourceFormat, audioDurationMs, waitMs, processingMs, 1, false);
    }

    public Transcription(String source, Transcript transcript, String provider, String model, String sourceFormat,
                         long audioDurationMs, long waitMs, long processingMs, int pieces) {
        this(source, transcript, provider, model, sourceFormat, audioDurationMs, waitMs, processingMs, pieces, false);
    }

    /** Processing time over audio time: below 1 is faster than real time. */
    public double realTimeFactor() {
        return audioDurationMs == 0 ? 0 : processingMs / (double) audioDurationMs;
    }
}
