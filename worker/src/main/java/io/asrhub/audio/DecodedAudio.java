package io.asrhub.audio;

/**
 * Mono float samples in [-1, 1] at {@link #sampleRate()}, plus a short description of the source
 * format for logs and transcripts.
 */
public record DecodedAudio(float[] samples, int sampleRate, String sourceFormat) {
    public long durationMs() {
        return samples.length * 1000L / sampleRate;
    }
}
