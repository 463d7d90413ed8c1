package io.asrhub.recognition;

import io.asrhub.provider.Transcript;

/** A finished recognition with everything a user or a results record reports about it. */
public record Transcription(String source, Transcript transcript, String provider, String model, String sourceFormat,
                           long audioDurationMs, long waitMs, long processingMs) {
    /** Processing time over audio time: below 1 is faster than real time. */
    public double realTimeFactor() {
        return audioDurationMs == 0 ? 0 : processingMs / (double) audioDurationMs;
    }
}
