package io.asrhub.audio;

import io.asrhub.errors.AsrException;

/**
 * A {@link PcmStream} converted to another sample rate as it is read, with the same kernel and
 * edge rule as {@link Resampler} (so the samples equal those of resampling the whole recording at
 * once), keeping only the input window the next output samples need.
 */
final class ResamplingStream implements PcmStream {
    private static final int READ_BLOCK = 8192;

    private final PcmStream input;
    private final int targetRate;
    private final double ratio;
    private final double halfWidth;
    private final float[] kernel;
    /** Input samples from absolute index {@code base} on; {@code filled} of them are valid. */
    private float[] window;
    private long base;
    private int filled;
    private long nextOut;
    private boolean inputEnded;

    ResamplingStream(PcmStream input, int targetRate) {
        this.input = input;
        this.targetRate = targetRate;
        this.ratio = (double) targetRate / input.sampleRate();
        this.halfWidth = Resampler.halfWidth(ratio);
        this.kernel = Resampler.kernel(ratio);
        this.window = new float[READ_BLOCK + 2 * (int) Math.ceil(halfWidth) + 4];
    }

    @Override
    public int sampleRate() {
        return targetRate;
    }

    @Override
    public String sourceFormat() {
        return input.sourceFormat();
    }

    @Override
    public int read(float[] into, int offset, int length) throws AsrException {
        int produced = 0;
        while (produced < length) {
            double center = nextOut / ratio;
            long first = Math.max((long) Math.ceil(center - halfWidth), 0);
            long last = (long) Math.floor(center + halfWidth);
            long available = base + filled; // one past the last input sample held
            if (inputEnded) {
                if (nextOut >= (long) Math.floor(available * ratio)) {
                    break; // as many output samples as resampling the whole recording gives
                }
                last = Math.min(last, available - 1);
            } else if (last >= available) {
                if (produced > 0) {
                    break; // hand out what is ready before blocking on more input
                }
                fill(first);
                continue;
            }
            into[offset + produced++] = Resampler.at(kernel, window, base, first, last, center);
            nextOut++;
        }
        return produced == 0 ? -1 : produced;
    }

    /** Drops input before {@code keepFrom} and reads the next block (or notes the end). */
    private void fill(long keepFrom) throws AsrException {
        int drop = (int) Math.max(0, Math.min(keepFrom - base, filled));
        System.arraycopy(window, drop, window, 0, filled - drop);
        base += drop;
        filled -= drop;
        if (window.length - filled < READ_BLOCK) {
            window = java.util.Arrays.copyOf(window, filled + READ_BLOCK);
        }
        int n = input.read(window, filled, READ_BLOCK);
        if (n < 0) {
            inputEnded = true;
        } else {
            filled += n;
        }
    }

    @Override
    public boolean truncated() {
        return input.truncated();
    }

    @Override
    public void close() {
        input.close();
    }
}
