package io.asrhub.audio;

/**
 * Band-limited sample-rate conversion with a Blackman-windowed sinc kernel. When downsampling the
 * cutoff follows the target Nyquist frequency, so content above it is filtered out rather than
 * aliased into the speech band (plain sample dropping would fold it back).
 */
public final class Resampler {
    private static final int ZERO_CROSSINGS = 16;

    private Resampler() {
    }

    public static float[] resample(float[] input, int fromRate, int toRate) {
        if (fromRate == toRate) {
            return input;
        }
        double ratio = (double) toRate / fromRate;
        double cutoff = Math.min(1.0, ratio) * 0.97;
        double halfWidth = ZERO_CROSSINGS / cutoff;
        int outLength = (int) Math.floor(input.length * ratio);
        float[] out = new float[outLength];
        for (int n = 0; n < outLength; n++) {
            double center = n / ratio;
            int first = (int) Math.ceil(center - halfWidth);
            int last = (int) Math.floor(center + halfWidth);
            double acc = 0;
            double weight = 0;
            for (int k = Math.max(first, 0); k <= Math.min(last, input.length - 1); k++) {
                double x = k - center;
                double w = cutoff * sinc(cutoff * x) * blackman(x / halfWidth);
                acc += input[k] * w;
                weight += w;
            }
            // Normalising by the kernel sum keeps DC gain at exactly 1, also at the edges.
            out[n] = weight == 0 ? 0f : (float) (acc / weight);
        }
        return out;
    }

    private static double sinc(double x) {
        if (Math.abs(x) < 1e-9) {
            return 1.0;
        }
        double px = Math.PI * x;
        return Math.sin(px) / px;
    }

    /** Blackman window over [-1, 1]. */
    private static double blackman(double t) {
        if (Math.abs(t) > 1) {
            return 0;
        }
        double u = (t + 1) / 2;
        return 0.42 - 0.5 * Math.cos(2 * Math.PI * u) + 0.08 * Math.cos(4 * Math.PI * u);
    }
}
