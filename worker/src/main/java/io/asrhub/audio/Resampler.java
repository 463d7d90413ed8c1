package io.asrhub.audio;

/**
 * Band-limited sample-rate conversion with a Blackman-windowed sinc kernel. When downsampling the
 * cutoff follows the target Nyquist frequency, so content above it is filtered out rather than
 * aliased into the speech band (plain sample dropping would fold it back). The kernel is tabulated
 * once per conversion and linearly interpolated: evaluating sin/cos per tap made long files
 * spend seconds in the resampler.
 */
public final class Resampler {
    private static final int ZERO_CROSSINGS = 16;
    private static final int TABLE_STEPS_PER_SAMPLE = 512;

    private Resampler() {
    }

    public static float[] resample(float[] input, int fromRate, int toRate) {
        if (fromRate == toRate) {
            return input;
        }
        double ratio = (double) toRate / fromRate;
        double halfWidth = halfWidth(ratio);
        float[] kernel = kernel(ratio);
        int outLength = (int) Math.floor(input.length * ratio);
        float[] out = new float[outLength];
        for (int n = 0; n < outLength; n++) {
            double center = n / ratio;
            long first = Math.max((long) Math.ceil(center - halfWidth), 0);
            long last = Math.min((long) Math.floor(center + halfWidth), input.length - 1);
            out[n] = at(kernel, input, 0, first, last, center);
        }
        return out;
    }

    /** Input samples on either side of an output sample's centre that contribute to it. */
    static double halfWidth(double ratio) {
        return ZERO_CROSSINGS / cutoff(ratio);
    }

    static float[] kernel(double ratio) {
        return tabulate(cutoff(ratio), halfWidth(ratio));
    }

    private static double cutoff(double ratio) {
        return Math.min(1.0, ratio) * 0.97;
    }

    /**
     * One output sample centred at input position {@code center}, from input samples {@code first..last}
     * held in {@code input} from absolute index {@code base} on (so a stream can keep only a window).
     */
    static float at(float[] kernel, float[] input, long base, long first, long last, double center) {
        double acc = 0;
        double weight = 0;
        int from = (int) (first - base);
        int to = (int) (last - base);
        int lastIndex = kernel.length - 1;
        // An int counter over the window (not a long over absolute positions): with the long one the
        // JIT sometimes compiled this loop 4x slower (a 10-minute file took 4.6 s instead of 1.2 s to
        // resample, every time in that JVM). The arithmetic per tap is unchanged.
        for (int i = from; i <= to; i++) {
            double position = Math.abs((i + base) - center) * TABLE_STEPS_PER_SAMPLE;
            int index = (int) position;
            double w = index < lastIndex
                    ? kernel[index] + (kernel[index + 1] - kernel[index]) * (position - index) : 0;
            acc += input[i] * w;
            weight += w;
        }
        // Normalising by the kernel sum keeps DC gain at exactly 1, also at the edges.
        return weight == 0 ? 0f : (float) (acc / weight);
    }

    /** Kernel values at distances 0, 1/512, 2/512 ... halfWidth input samples from the centre. */
    private static float[] tabulate(double cutoff, double halfWidth) {
        int size = (int) Math.ceil(halfWidth * TABLE_STEPS_PER_SAMPLE) + 2;
        float[] table = new float[size];
        for (int i = 0; i < size; i++) {
            double x = (double) i / TABLE_STEPS_PER_SAMPLE;
            table[i] = (float) (cutoff * sinc(cutoff * x) * blackman(x / halfWidth));
        }
        return table;
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
