package io.asrhub.audio;

import io.asrhub.errors.AsrException;
import io.asrhub.errors.ErrorCode;

/**
 * What every decoded input must be before it reaches an engine, whatever its format: at least one
 * 10 ms frame of audio (engines turn a single sample into hallucinated text), and finite samples
 * of a sane level. A float WAV can hold NaN, ±Infinity or 1e308 (Infinity once cast to float);
 * whisper answered those with text. Real audio peaks near ±1.0; {@link #MAX_LEVEL} leaves room for
 * overshoot of float masters and rejects only what no recording holds.
 */
final class SampleSanity {
    /** 10 ms: one engine frame. */
    static final int MIN_FRAME_MS = 10;
    /** 64× full scale (+36 dBFS). */
    static final float MAX_LEVEL = 64f;

    private SampleSanity() {
    }

    static DecodedAudio check(String source, DecodedAudio audio) throws AsrException {
        long minSamples = Math.max(1, (long) audio.sampleRate() * MIN_FRAME_MS / 1000);
        if (audio.samples().length < minSamples) {
            throw new AsrException(ErrorCode.EMPTY_INPUT, source + ": " + audio.samples().length
                    + " samples, less than one " + MIN_FRAME_MS + " ms frame of audio");
        }
        checkLevels(source, audio.samples(), audio.samples().length, 0);
        return audio;
    }

    /**
     * The level rule on {@code n} samples of a block; {@code firstIndex} is the first one's index in
     * the whole recording (for the message), so a stream checks block by block what a whole decode checks at once.
     */
    static void checkLevels(String source, float[] s, int n, long firstIndex) throws AsrException {
        for (int i = 0; i < n; i++) {
            if (!Float.isFinite(s[i]) || Math.abs(s[i]) > MAX_LEVEL) {
                throw new AsrException(ErrorCode.CORRUPT_AUDIO, source + ": sample " + (firstIndex + i) + " is "
                        + (Float.isNaN(s[i]) ? "not a number" : Float.isInfinite(s[i]) ? "infinite"
                        : "over " + (int) MAX_LEVEL + "x full scale") + " (damaged or non-audio float data)");
            }
        }
    }
}
