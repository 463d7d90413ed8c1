package io.asrhub.config;

/**
 * Limits checked before or while an input is decoded, so a hostile file cannot exhaust memory.
 * {@code acceptTruncated}: audio shorter than its header declares is transcribed (and flagged)
 * instead of failing with TRUNCATED_AUDIO.
 */
public record AudioLimits(long maxBytes, long maxDurationMs, boolean acceptTruncated) {
    public static final AudioLimits DEFAULT = new AudioLimits(ConfigKeys.AUDIO_MAX_BYTES.defaultLong(),
            ConfigKeys.AUDIO_MAX_DURATION_MS.defaultLong());

    public AudioLimits {
        if (maxBytes <= 0 || maxDurationMs <= 0) {
            throw new IllegalArgumentException("audio limits must be positive");
        }
    }

    public AudioLimits(long maxBytes, long maxDurationMs) {
        this(maxBytes, maxDurationMs, false);
    }

    public AudioLimits withAcceptTruncated(boolean accept) {
        return new AudioLimits(maxBytes, maxDurationMs, accept);
    }
}
