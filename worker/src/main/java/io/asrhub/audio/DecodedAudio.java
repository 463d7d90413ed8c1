package io.asrhub.audio;

/**
 * Mono float samples in [-1, 1] at {@link #sampleRate()}, plus a short description of the source
 * format for logs and transcripts. {@code truncated}: the input held less audio than its header
 * declared and was accepted anyway ({@code audio.accept-truncated}).
 */
public record DecodedAudio(float[] samples, int sampleRate, String sourceFormat, boolean truncated) {
    public DecodedAudio(float[] samples, int sampleRate, String sourceFormat) {
        this(samples, sampleRate, sourceFormat, false);
    }

    public long durationMs() {
        return samples.length * 1000L / sampleRate;
    }
}
