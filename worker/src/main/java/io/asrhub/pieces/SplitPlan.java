package io.asrhub.pieces;

/**
 * Where a long recording is cut: piece {@code i} covers samples {@code [start(i), end(i))} at
 * {@code sampleRate}, contiguous from 0 to {@code totalSamples}. {@code fingerprints} identify each
 * piece's samples, so a second read of the recording can tell that it still holds the same audio.
 */
public record SplitPlan(int sampleRate, long[] ends, long[] fingerprints, String sourceFormat, boolean truncated) {
    public int count() {
        return ends.length;
    }

    public long start(int i) {
        return i == 0 ? 0 : ends[i - 1];
    }

    public long end(int i) {
        return ends[i];
    }

    public int length(int i) {
        return (int) (end(i) - start(i));
    }

    public long totalSamples() {
        return ends[ends.length - 1];
    }

    /** Milliseconds as {@link io.asrhub.audio.AudioSlice} computes them, so both paths give one layout. */
    public long startMs(int i) {
        return start(i) * 1000 / sampleRate;
    }

    public long endMs(int i) {
        return end(i) * 1000 / sampleRate;
    }

    public long durationMs() {
        return totalSamples() * 1000 / sampleRate;
    }

    /** The fingerprint of {@code length} samples: cheap, and only ever compared with one of the same decoder. */
    static long fingerprint(float[] samples, int offset, int length) {
        long h = 1125899906842597L;
        for (int i = offset; i < offset + length; i++) {
            h = 31 * h + Float.floatToRawIntBits(samples[i]);
        }
        return h;
    }
}
