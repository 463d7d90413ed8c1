package io.asrhub.config;

/** Limits checked before an input is fully decoded, so a hostile file cannot exhaust memory. */
public record AudioLimits(long maxBytes, long maxDurationMs) {
    public static final AudioLimits DEFAULT = new AudioLimits(ConfigKeys.AUDIO_MAX_BYTES.defaultLong(),
            ConfigKeys.AUDIO_MAX_DURATION_MS.defaultLong());

    public AudioLimits {
        if (maxBytes <= 0 || maxDurationMs <= 0) {
            throw new IllegalArgumentException("audio limits must be positive");
        }
    }
}
