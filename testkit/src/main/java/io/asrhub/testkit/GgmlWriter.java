package io.asrhub.testkit;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Random;

/** Little-endian writer for the legacy ggml whisper file layout (header fields, tensors in f32 or f16). */
final class GgmlWriter {
    static final int TYPE_F32 = 0;
    static final int TYPE_F16 = 1;

    enum Init { SMALL, ONE, ZERO }

    private final OutputStream out;
    private final ByteBuffer scratch = le(4);
    private final double initStd;

    /** {@code initStd}: standard deviation of {@link Init#SMALL} weights. */
    GgmlWriter(OutputStream out, double initStd) {
        this.out = out;
        this.initStd = initStd;
    }

    static ByteBuffer le(int size) {
        return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
    }

    void i32(int v) throws IOException {
        scratch.clear();
        scratch.putInt(v);
        out.write(scratch.array(), 0, 4);
    }

    void raw(byte[] b) throws IOException {
        out.write(b);
    }

    void bytes(ByteBuffer b) throws IOException {
        out.write(b.array(), 0, b.position());
    }

    void tensor(String name, int ttype, Random rnd, Init init, int... ne) throws IOException {
        int n = 1;
        for (int d : ne) {
            n = Math.multiplyExact(n, d);
        }
        float[] values = new float[n];
        for (int i = 0; i < n; i++) {
            switch (init) {
                case ONE -> values[i] = 1.0f;
                case ZERO -> values[i] = 0.0f;
                default -> values[i] = (float) (rnd.nextGaussian() * initStd);
            }
        }
        tensor(name, ttype, values, ne);
    }

    /** Tensor record: n_dims, name_len, ttype, ne[0..n_dims), name, data (ne[0] varies fastest). */
    void tensor(String name, int ttype, float[] values, int... ne) throws IOException {
        byte[] nameBytes = name.getBytes(StandardCharsets.US_ASCII);
        i32(ne.length);
        i32(nameBytes.length);
        i32(ttype);
        long n = 1;
        for (int d : ne) {
            i32(d);
            n *= d;
        }
        if (n != values.length) {
            throw new IllegalArgumentException(name + ": " + values.length + " values for " + n + " elements");
        }
        raw(nameBytes);
        int elemSize = ttype == TYPE_F32 ? 4 : 2;
        // Written in chunks: the token embedding of a base.en-sized model is ~53 MB as f16.
        int chunk = 1 << 16;
        for (int from = 0; from < values.length; from += chunk) {
            int to = Math.min(values.length, from + chunk);
            ByteBuffer data = le((to - from) * elemSize);
            for (int i = from; i < to; i++) {
                if (ttype == TYPE_F32) {
                    data.putFloat(values[i]);
                } else {
                    data.putShort(toHalf(values[i]));
                }
            }
            bytes(data);
        }
    }

    /** IEEE 754 binary16 conversion with round-to-nearest-even (Float.floatToFloat16 is Java 20+). */
    static short toHalf(float f) {
        int bits = Float.floatToRawIntBits(f);
        int sign = (bits >>> 16) & 0x8000;
        int exp = (bits >>> 23) & 0xff;
        int mant = bits & 0x7fffff;
        if (exp == 0xff) { // inf / nan
            return (short) (sign | 0x7c00 | (mant != 0 ? 0x200 : 0));
        }
        int e = exp - 127 + 15;
        if (e >= 0x1f) { // overflow -> inf
            return (short) (sign | 0x7c00);
        }
        if (e <= 0) { // subnormal or zero
            if (e < -10) {
                return (short) sign;
            }
            mant |= 0x800000;
            int shift = 14 - e;
            int half = mant >> shift;
            int rem = mant & ((1 << shift) - 1);
            int mid = 1 << (shift - 1);
            if (rem > mid || (rem == mid && (half & 1) != 0)) {
                half++;
            }
            return (short) (sign | half);
        }
        int half = (e << 10) | (mant >> 13);
        int rem = mant & 0x1fff;
        if (rem > 0x1000 || (rem == 0x1000 && (half & 1) != 0)) {
            half++; // may carry into exponent, which is the correct result
        }
        return (short) (sign | half);
    }
}
