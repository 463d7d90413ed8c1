package io.asrhub.config;

/**
 * Limits checked before or while an input is decoded, so a hostile file cannot exhaust memory.
 * {@code acceptTruncated}: audio shorter than its header declares is transcribed (and flagged)
 * instead of failing with TRUNCATED_AUDIO. {@code maxStreamedDurationMs}: the duration limit of audio
 * read as a stream ({@link #streamed()}), whose memory does not grow with its length.
 */
public record AudioLimits(long maxBytes, long maxDurationMs, boolean acceptTruncated, long maxStreamedDurationMs) {
    public static final AudioLimits DEFAULT = new AudioLimits(ConfigKeys.AUDIO_MAX_BYTES.defaultValue(),
            ConfigKeys.AUDIO_MAX_DURATION_MS.defaultValue(), false,
            ConfigKeys.AUDIO_MAX_STREAMED_DURATION_MS.defaultValue());

    public AudioLimits {
        if (maxBytes <= 0 || maxDurationMs <= 0 || maxStreamedDurationMs <= 0) {
            throw new IllegalArgumentException("audio limits must be positive");
        }
    }

    /** Streamed audio limited like any other. */
    public AudioLimits(long maxBytes, long maxDurationMs, boolean acceptTruncated) {
        this(maxBytes, maxDurationMs, acceptTruncated, maxDurationMs);
    }

    public AudioLimits(long maxBytes, long maxDurationMs) {
        this(maxBytes, maxDurationMs, false);
    }

    public AudioLimits withAcceptTruncated(boolean accept) {
        return new AudioLimits(maxBytes, maxDurationMs, accept, maxStreamedDurationMs);
    }

    /**
     * The limits of a stream: its duration up to {@code maxStreamedDurationMs}, and no byte limit,
     * since its bytes are read as they are decoded and never held.
     */
    public AudioLimits streamed() {
        return new AudioLimits(Long.MAX_VALUE, maxStreamedDurationMs, acceptTruncated, maxStreamedDurationMs);
    }
}
