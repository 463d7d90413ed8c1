package io.asrhub.testsupport;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.Random;

/**
 * Generates a tiny, structurally valid whisper.cpp ggml model file with random weights.
 *
 * <p>The file follows the legacy ggml whisper layout read by {@code whisper_model_load} in whisper.cpp 1.7.x
 * (as bundled by {@code io.github.givimad:whisper-jni:1.7.1}): magic, hparams, mel filters, vocabulary and
 * then every tensor the loader expects. Dimensions are tiny (state 32, 1 layer, 2 heads) so the file is
 * about 4.2 MB (dominated by the 51864 x 32 f16 token embedding) and one inference on a few seconds of
 * audio takes ~0.1-0.3 s. The decoder embeddings are scripted (see {@link DecoderScript}) so every
 * 30 s window decodes to one short, deterministic segment of six dummy words regardless of the audio
 * (e.g. " iaib ghdc okcc dkk qjjb xrgc" for {@link #shared()}); the words depend only on the seed.
 *
 * <p>Fixed by the loader/runtime and therefore kept at the real values: {@code n_vocab = 51864}
 * (English-only id layout: eot=50256, sot=50257, ..., beg=50363, then 1500 timestamp tokens),
 * {@code n_audio_ctx = 1500} (whisper always feeds 3000 mel frames and conv2 has stride 2),
 * {@code n_text_ctx = 448}, {@code n_mels = 80} and the 80 x 201 mel filter bank.
 */
public final class TinyWhisperModel {

    /** ggml file magic "ggml". */
    private static final int GGML_MAGIC = 0x67676d6c;
    private static final int TYPE_F32 = 0;
    private static final int TYPE_F16 = 1;

    static final int N_VOCAB = 51864;          // english-only whisper vocabulary size (must be < 51865)
    static final int N_AUDIO_CTX = 1500;       // 3000 mel frames / conv stride 2
    /**
     * Model width (n_audio_state == n_text_state, asserted by whisper.cpp), attention heads and layers
     * (same for encoder and decoder). They set the compute cost of a recognition, not its words.
     */
    public record Dimensions(int state, int heads, int layers) {
        /** The suite's default: fast (state 32, 1 layer, 2 heads). */
        public static final Dimensions TINY = new Dimensions(32, 2, 1);
        /** whisper tiny.en's real dimensions, for benchmarks that need a realistic encoder cost. */
        public static final Dimensions TINY_EN = new Dimensions(384, 6, 4);

        /**
         * Weight spread that keeps each layer's contribution to the residual stream about as small
         * as at width 32 (it grows with the width), so the scripted decoding below still wins.
         */
        double initStd() {
            return INIT_STD * 32.0 / state;
        }
    }
    static final int N_TEXT_CTX = 448;
    static final int N_MELS = 80;
    static final int N_FFT_BINS = 201;         // 1 + WHISPER_N_FFT / 2
    static final int FTYPE = TYPE_F16;         // "big" tensors stored as f16
    /** Text tokens actually stored in the vocab section (ids 0..50256, like real ggml files);
     *  whisper.cpp synthesizes names for the remaining special/timestamp ids itself. */
    static final int N_VOCAB_STORED = 50257;

    private static final long SHARED_SEED = 20240611L;
    private static Path shared;

    private TinyWhisperModel() {
    }

    /**
     * Writes a complete whisper.cpp ggml model (header, mel filters, vocabulary, all tensors) with tiny
     * dimensions and weights drawn from {@code new java.util.Random(seed)}. Returns the path.
     */
    public static Path write(Path file, long seed) throws IOException {
        return write(file, seed, Dimensions.TINY);
    }

    /** Like {@link #write(Path, long)} with the given dimensions. */
    public static Path write(Path file, long seed, Dimensions dims) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Random rnd = new Random(seed);
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
            Writer w = new Writer(out, dims.initStd());

            // header + hparams
            w.i32(GGML_MAGIC);
            w.i32(N_VOCAB);
            w.i32(N_AUDIO_CTX);
            w.i32(dims.state());
            w.i32(dims.heads());
            w.i32(dims.layers());
            w.i32(N_TEXT_CTX);
            w.i32(dims.state());
            w.i32(dims.heads());
            w.i32(dims.layers());
            w.i32(N_MELS);
            w.i32(FTYPE);

            // mel filters: n_mel x n_fft float32 (row j = filter j), simple triangular bank
            w.i32(N_MELS);
            w.i32(N_FFT_BINS);
            ByteBuffer filters = le(N_MELS * N_FFT_BINS * 4);
            for (int m = 0; m < N_MELS; m++) {
                double center = 1.0 + m * (N_FFT_BINS - 2) / (double) N_MELS;
                double width = 2.5;
                for (int k = 0; k < N_FFT_BINS; k++) {
                    double v = 1.0 - Math.abs(k - center) / width;
                    filters.putFloat((float) Math.max(0.0, v) * 0.05f);
                }
            }
            w.bytes(filters);

            // vocabulary: ids 0..50255 dummy words, 50256 = <|endoftext|>
            w.i32(N_VOCAB_STORED);
            for (int i = 0; i < N_VOCAB_STORED; i++) {
                byte[] tok = vocabEntry(i).getBytes(StandardCharsets.UTF_8);
                w.i32(tok.length);
                w.raw(tok);
            }

            // tensors (order is irrelevant for the loader, this mirrors convert-pt-to-ggml.py)
            final int s = dims.state();
            w.tensor("encoder.positional_embedding", TYPE_F32, rnd, Init.SMALL, s, N_AUDIO_CTX);
            w.tensor("encoder.conv1.weight", FTYPE, rnd, Init.SMALL, 3, N_MELS, s);
            w.tensor("encoder.conv1.bias", TYPE_F32, rnd, Init.ZERO, 1, s);
            w.tensor("encoder.conv2.weight", FTYPE, rnd, Init.SMALL, 3, s, s);
            w.tensor("encoder.conv2.bias", TYPE_F32, rnd, Init.ZERO, 1, s);
            for (int l = 0; l < dims.layers(); l++) {
                String p = "encoder.blocks." + l;
                attention(w, rnd, p + ".attn", s);
                w.tensor(p + ".attn_ln.weight", TYPE_F32, rnd, Init.ONE, s);
                w.tensor(p + ".attn_ln.bias", TYPE_F32, rnd, Init.ZERO, s);
                mlp(w, rnd, p, s);
            }
            w.tensor("encoder.ln_post.weight", TYPE_F32, rnd, Init.ONE, s);
            w.tensor("encoder.ln_post.bias", TYPE_F32, rnd, Init.ZERO, s);

            DecoderScript script = new DecoderScript(rnd, s);
            w.tensor("decoder.positional_embedding", TYPE_F32, script.positionalEmbedding(), s, N_TEXT_CTX);
            w.tensor("decoder.token_embedding.weight", FTYPE, script.tokenEmbedding(rnd), s, N_VOCAB);
            for (int l = 0; l < dims.layers(); l++) {
                String p = "decoder.blocks." + l;
                attention(w, rnd, p + ".attn", s);
                w.tensor(p + ".attn_ln.weight", TYPE_F32, rnd, Init.ONE, s);
                w.tensor(p + ".attn_ln.bias", TYPE_F32, rnd, Init.ZERO, s);
                attention(w, rnd, p + ".cross_attn", s);
                w.tensor(p + ".cross_attn_ln.weight", TYPE_F32, rnd, Init.ONE, s);
                w.tensor(p + ".cross_attn_ln.bias", TYPE_F32, rnd, Init.ZERO, s);
                mlp(w, rnd, p, s);
            }
            float[] lnGain = new float[s];
            Arrays.fill(lnGain, DecoderScript.LN_GAIN);
            w.tensor("decoder.ln.weight", TYPE_F32, lnGain, s);
            w.tensor("decoder.ln.bias", TYPE_F32, rnd, Init.ZERO, s);
        }
        return file;
    }

    /** Cached per-JVM copy under java.io.tmpdir (generated once). */
    public static synchronized Path shared() throws IOException {
        if (shared != null && Files.isRegularFile(shared)) {
            return shared;
        }
        Path dir = Path.of(System.getProperty("java.io.tmpdir"));
        Path tmp = Files.createTempFile(dir, "asrhub-tiny-whisper-", ".part");
        tmp.toFile().deleteOnExit();
        write(tmp, SHARED_SEED);
        Path target = Path.of(tmp.toString().replaceFirst("\\.part$", ".bin"));
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        target.toFile().deleteOnExit();
        shared = target;
        return shared;
    }

    private static void attention(Writer w, Random rnd, String p, int s) throws IOException {
        w.tensor(p + ".query.weight", FTYPE, rnd, Init.SMALL, s, s);
        w.tensor(p + ".query.bias", TYPE_F32, rnd, Init.ZERO, s);
        w.tensor(p + ".key.weight", FTYPE, rnd, Init.SMALL, s, s);   // no key bias in whisper
        w.tensor(p + ".value.weight", FTYPE, rnd, Init.SMALL, s, s);
        w.tensor(p + ".value.bias", TYPE_F32, rnd, Init.ZERO, s);
        w.tensor(p + ".out.weight", FTYPE, rnd, Init.SMALL, s, s);
        w.tensor(p + ".out.bias", TYPE_F32, rnd, Init.ZERO, s);
    }

    private static void mlp(Writer w, Random rnd, String p, int s) throws IOException {
        w.tensor(p + ".mlp_ln.weight", TYPE_F32, rnd, Init.ONE, s);
        w.tensor(p + ".mlp_ln.bias", TYPE_F32, rnd, Init.ZERO, s);
        w.tensor(p + ".mlp.0.weight", FTYPE, rnd, Init.SMALL, s, 4 * s);
        w.tensor(p + ".mlp.0.bias", TYPE_F32, rnd, Init.ZERO, 4 * s);
        w.tensor(p + ".mlp.2.weight", FTYPE, rnd, Init.SMALL, 4 * s, s);
        w.tensor(p + ".mlp.2.bias", TYPE_F32, rnd, Init.ZERO, s);
    }

    /**
     * Vocabulary entry for a stored id. whisper.cpp looks up {@code token_to_id.at(" ")} when
     * suppress_blank is on (the default) and aborts the JVM with std::out_of_range if it is missing,
     * so id 220 (the real GPT-2 id of " ") must be a single space.
     */
    private static String vocabEntry(int id) {
        if (id == N_VOCAB_STORED - 1) {
            return "<|endoftext|>";
        }
        if (id == 220) {
            return " ";
        }
        return dummyWord(id);
    }

    /** Short lowercase pseudo-word, unique per id, with the GPT-2 style leading space. */
    private static String dummyWord(int id) {
        StringBuilder sb = new StringBuilder(" ");
        int v = id;
        do {
            sb.append((char) ('a' + v % 26));
            v /= 26;
        } while (v > 0);
        return sb.toString();
    }

    private enum Init { SMALL, ONE, ZERO }

    private static final double INIT_STD = 0.02;

    /**
     * Hand-designed decoder embeddings so that greedy decoding is confident, short and deterministic
     * instead of emitting ~220 random tokens (which would take ~1 s and trigger temperature fallback).
     *
     * <p>The decoder's residual stream is dominated by the positional embedding (norm ~3, all other
     * contributions are ~0.1 or less), and the output logits are {@code token_embedding . ln(x)} with a
     * large final layer-norm gain, so each position "votes" for one token. Positions cycle with period
     * {@link #PERIOD}: slot 0 prefers {@code <|0.00|>}, slots 1..6 prefer six fixed text tokens and slot 7
     * prefers {@code <|30.00|>} with EOT as runner-up; EOT is also the runner-up in slot 0 (it wins there
     * once a timestamp was emitted, because earlier timestamps are masked). Resulting transcription for
     * any audio: one segment of six dummy words, [0 s, 30 s] (or [seek, seek + 30 s] per 30 s window).
     * The audio still flows through the full encoder and cross-attention, it just barely matters.
     */
    private static final class DecoderScript {
        static final int PERIOD = 8;
        static final int N_WORDS = 6;
        static final float LN_GAIN = 6.0f;      // final decoder layer-norm weight -> |ln(x)| ~ 34
        static final float EMBED_SCALE = 0.6f;  // norm of scripted token embeddings -> logit ~ 20
        static final float POS_SCALE = 3.0f;    // norm of the dominant positional direction

        private final int state;
        private final float[][] dirs;           // orthonormal, zero-mean directions in R^state
        private final int[] words = new int[N_WORDS];
        private static final int D_BEG = 0;     // dirs[1..6] = words
        private static final int D_TS = N_WORDS + 1;
        private static final int D_EOT = N_WORDS + 2;

        DecoderScript(Random rnd, int state) {
            this.state = state;
            dirs = orthonormalZeroMean(rnd, N_WORDS + 3, state);
            for (int k = 0; k < N_WORDS; k++) {
                int id;
                boolean dup;
                do {
                    id = 300 + rnd.nextInt(40000);
                    dup = false;
                    for (int j = 0; j < k; j++) {
                        dup |= words[j] == id;
                    }
                } while (dup);
                words[k] = id;
            }
        }

        float[] positionalEmbedding() {
            float[] pe = new float[N_TEXT_CTX * state];
            for (int pos = 0; pos < N_TEXT_CTX; pos++) {
                int slot = pos % PERIOD;
                int off = pos * state;
                if (slot == 0) {
                    axpy(pe, off, POS_SCALE, dirs[D_BEG]);
                    axpy(pe, off, 1.2f, dirs[D_EOT]);
                } else if (slot <= N_WORDS) {
                    axpy(pe, off, POS_SCALE, dirs[slot]);
                } else {
                    axpy(pe, off, POS_SCALE, dirs[D_TS]);
                    axpy(pe, off, 1.5f, dirs[D_EOT]);
                }
            }
            return pe;
        }

        float[] tokenEmbedding(Random rnd) {
            float[] te = new float[N_VOCAB * state];
            double std = INIT_STD * 32.0 / state;
            for (int i = 0; i < te.length; i++) {
                te[i] = (float) (rnd.nextGaussian() * std);
            }
            final int eot = 50256;
            final int beg = 50363;                      // <|0.00|> for the english-only id layout
            setRow(te, beg, dirs[D_BEG]);
            setRow(te, beg + 1500, dirs[D_TS]);         // <|30.00|>
            setRow(te, eot, dirs[D_EOT]);
            for (int k = 0; k < N_WORDS; k++) {
                setRow(te, words[k], dirs[k + 1]);
            }
            return te;
        }

        private void setRow(float[] te, int token, float[] dir) {
            for (int j = 0; j < state; j++) {
                te[token * state + j] = EMBED_SCALE * dir[j];
            }
        }

        private static void axpy(float[] y, int off, float a, float[] x) {
            for (int j = 0; j < x.length; j++) {
                y[off + j] += a * x[j];
            }
        }

        private static float[][] orthonormalZeroMean(Random rnd, int count, int dim) {
            double[][] v = new double[count][dim];
            for (int k = 0; k < count; k++) {
                for (int j = 0; j < dim; j++) {
                    v[k][j] = rnd.nextGaussian();
                }
                double mean = 0;
                for (double d : v[k]) {
                    mean += d / dim;
                }
                for (int j = 0; j < dim; j++) {
                    v[k][j] -= mean;
                }
                for (int m = 0; m < k; m++) {
                    double dot = 0;
                    for (int j = 0; j < dim; j++) {
                        dot += v[k][j] * v[m][j];
                    }
                    for (int j = 0; j < dim; j++) {
                        v[k][j] -= dot * v[m][j];
                    }
                }
                double norm = 0;
                for (double d : v[k]) {
                    norm += d * d;
                }
                norm = Math.sqrt(norm);
                for (int j = 0; j < dim; j++) {
                    v[k][j] /= norm;
                }
            }
            float[][] out = new float[count][dim];
            for (int k = 0; k < count; k++) {
                for (int j = 0; j < dim; j++) {
                    out[k][j] = (float) v[k][j];
                }
            }
            return out;
        }
    }

    private static ByteBuffer le(int size) {
        return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
    }

    /** Little-endian writer. */
    private static final class Writer {
        private final OutputStream out;
        private final ByteBuffer scratch = le(4);
        private final double initStd;

        Writer(OutputStream out, double initStd) {
            this.out = out;
            this.initStd = initStd;
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
                    case ONE:
                        values[i] = 1.0f;
                        break;
                    case ZERO:
                        values[i] = 0.0f;
                        break;
                    default:
                        values[i] = (float) (rnd.nextGaussian() * initStd);
                        break;
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
            ByteBuffer data = le(Math.toIntExact(n * elemSize));
            for (float v : values) {
                if (ttype == TYPE_F32) {
                    data.putFloat(v);
                } else {
                    data.putShort(toHalf(v));
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
