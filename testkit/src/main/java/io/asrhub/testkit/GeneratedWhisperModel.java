package io.asrhub.testkit;

import io.asrhub.testkit.GgmlWriter.Init;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.Random;

import static io.asrhub.testkit.GgmlWriter.TYPE_F16;
import static io.asrhub.testkit.GgmlWriter.TYPE_F32;

/**
 * Writes a structurally valid whisper.cpp ggml model with random weights, so the real native code can
 * be benchmarked and tested without downloading a model.
 *
 * <p>The file follows the legacy ggml whisper layout read by {@code whisper_model_load} in whisper.cpp
 * 1.7.x (as bundled by whisper-jni 1.7.1): magic, hparams, mel filters, vocabulary, then every tensor the
 * loader expects. {@link Dimensions#TINY_EN} and {@link Dimensions#BASE_EN} have the tensor shapes and
 * sizes of the real tiny.en / base.en files, so encoder cost and memory are real; the words are not
 * (the decoder is scripted by {@link ScriptedDecoder} to emit six dummy words per 30 s window, so decoder
 * cost is lower than a real model's). {@link Dimensions#TEST} is the 4 MB model the test suite uses.
 *
 * <p>Fixed by the loader/runtime and kept at the real values: {@code n_vocab = 51864} (english-only id
 * layout), {@code n_audio_ctx = 1500}, {@code n_text_ctx = 448}, {@code n_mels = 80} and the 80 x 201
 * mel filter bank.
 */
public final class GeneratedWhisperModel {
    private static final int GGML_MAGIC = 0x67676d6c; // "ggml"
    private static final int N_VOCAB = 51864;
    private static final int N_AUDIO_CTX = 1500;
    private static final int N_TEXT_CTX = 448;
    private static final int N_MELS = 80;
    private static final int N_FFT_BINS = 201;
    /** Text tokens stored in the vocab section (ids 0..50256, like real ggml files). */
    private static final int N_VOCAB_STORED = 50257;
    private static final long DEFAULT_SEED = 20240611L;

    /** Model dimensions: n_audio_state == n_text_state, heads and layers of encoder and decoder. */
    public enum Dimensions {
        TEST("test", 32, 2, 1),
        TINY_EN("tiny.en", 384, 6, 4),
        BASE_EN("base.en", 512, 8, 6);

        private final String label;
        private final int state;
        private final int heads;
        private final int layers;

        Dimensions(String label, int state, int heads, int layers) {
            this.label = label;
            this.state = state;
            this.heads = heads;
            this.layers = layers;
        }

        public String label() {
            return label;
        }

        /**
         * Weight scale: 0.02 at state 32, shrinking with the state so the random layers' contribution to
         * the residual stream stays small next to the scripted positional direction at every size.
         */
        double initStd() {
            return 0.02 * 32 / state;
        }

        public static Dimensions parse(String text) {
            for (Dimensions d : values()) {
                if (d.label.equalsIgnoreCase(text) || d.name().equalsIgnoreCase(text)) {
                    return d;
                }
            }
            throw new IllegalArgumentException("unknown model dimensions '" + text + "' (test, tiny.en, base.en)");
        }
    }

    private final Dimensions dims;
    private final GgmlWriter w;
    private final Random rnd;

    private GeneratedWhisperModel(Dimensions dims, OutputStream out, long seed) {
        this.dims = dims;
        this.w = new GgmlWriter(out, dims.initStd());
        this.rnd = new Random(seed);
    }

    /** Writes the model with weights drawn from {@code new Random(seed)}; returns {@code file}. */
    public static Path write(Path file, long seed, Dimensions dims) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
            new GeneratedWhisperModel(dims, out, seed).writeAll();
        }
        return file;
    }

    /** The model for {@code dims} under {@code dir}, generated once (atomically) and reused afterwards. */
    public static Path cached(Path dir, Dimensions dims) throws IOException {
        Path target = dir.resolve("ggml-generated-" + dims.label() + "-dims.bin");
        if (Files.isRegularFile(target)) {
            return target;
        }
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "generating-", ".part");
        try {
            write(tmp, DEFAULT_SEED, dims);
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
        return target;
    }

    private void writeAll() throws IOException {
        final int s = dims.state;
        for (int v : new int[] {GGML_MAGIC, N_VOCAB, N_AUDIO_CTX, s, dims.heads, dims.layers, N_TEXT_CTX, s,
                dims.heads, dims.layers, N_MELS, TYPE_F16}) {
            w.i32(v);
        }
        writeMelFilters();
        writeVocabulary();
        // tensor order is irrelevant for the loader; this mirrors convert-pt-to-ggml.py
        w.tensor("encoder.positional_embedding", TYPE_F32, rnd, Init.SMALL, s, N_AUDIO_CTX);
        w.tensor("encoder.conv1.weight", TYPE_F16, rnd, Init.SMALL, 3, N_MELS, s);
        w.tensor("encoder.conv1.bias", TYPE_F32, rnd, Init.ZERO, 1, s);
        w.tensor("encoder.conv2.weight", TYPE_F16, rnd, Init.SMALL, 3, s, s);
        w.tensor("encoder.conv2.bias", TYPE_F32, rnd, Init.ZERO, 1, s);
        for (int l = 0; l < dims.layers; l++) {
            String p = "encoder.blocks." + l;
            attention(p + ".attn");
            layerNorm(p + ".attn_ln");
            mlp(p);
        }
        layerNorm("encoder.ln_post");

        ScriptedDecoder script = new ScriptedDecoder(rnd, s);
        w.tensor("decoder.positional_embedding", TYPE_F32, script.positionalEmbedding(N_TEXT_CTX), s, N_TEXT_CTX);
        w.tensor("decoder.token_embedding.weight", TYPE_F16, script.tokenEmbedding(rnd, N_VOCAB, dims.initStd()),
                s, N_VOCAB);
        for (int l = 0; l < dims.layers; l++) {
            String p = "decoder.blocks." + l;
            attention(p + ".attn");
            layerNorm(p + ".attn_ln");
            attention(p + ".cross_attn");
            layerNorm(p + ".cross_attn_ln");
            mlp(p);
        }
        float[] lnGain = new float[s];
        Arrays.fill(lnGain, ScriptedDecoder.LN_GAIN);
        w.tensor("decoder.ln.weight", TYPE_F32, lnGain, s);
        w.tensor("decoder.ln.bias", TYPE_F32, rnd, Init.ZERO, s);
    }

    /** n_mel x n_fft float32 (row j = filter j), a simple triangular bank. */
    private void writeMelFilters() throws IOException {
        w.i32(N_MELS);
        w.i32(N_FFT_BINS);
        ByteBuffer filters = GgmlWriter.le(N_MELS * N_FFT_BINS * 4);
        for (int m = 0; m < N_MELS; m++) {
            double center = 1.0 + m * (N_FFT_BINS - 2) / (double) N_MELS;
            for (int k = 0; k < N_FFT_BINS; k++) {
                double v = 1.0 - Math.abs(k - center) / 2.5;
                filters.putFloat((float) Math.max(0.0, v) * 0.05f);
            }
        }
        w.bytes(filters);
    }

    /** ids 0..50255 dummy words, 50256 = end of text. */
    private void writeVocabulary() throws IOException {
        w.i32(N_VOCAB_STORED);
        for (int i = 0; i < N_VOCAB_STORED; i++) {
            byte[] tok = vocabEntry(i).getBytes(StandardCharsets.UTF_8);
            w.i32(tok.length);
            w.raw(tok);
        }
    }

    /**
     * whisper.cpp looks up {@code token_to_id.at(" ")} when suppress_blank is on (the default) and aborts
     * the JVM if it is missing, so id 220 (the real GPT-2 id of " ") must be a single space.
     */
    private static String vocabEntry(int id) {
        if (id == N_VOCAB_STORED - 1) {
            return "<|endoftext|>";
        }
        if (id == 220) {
            return " ";
        }
        StringBuilder sb = new StringBuilder(" "); // short pseudo-word, unique per id, GPT-2 style leading space
        int v = id;
        do {
            sb.append((char) ('a' + v % 26));
            v /= 26;
        } while (v > 0);
        return sb.toString();
    }

    private void attention(String p) throws IOException {
        final int s = dims.state;
        w.tensor(p + ".query.weight", TYPE_F16, rnd, Init.SMALL, s, s);
        w.tensor(p + ".query.bias", TYPE_F32, rnd, Init.ZERO, s);
        w.tensor(p + ".key.weight", TYPE_F16, rnd, Init.SMALL, s, s);   // no key bias in whisper
        w.tensor(p + ".value.weight", TYPE_F16, rnd, Init.SMALL, s, s);
        w.tensor(p + ".value.bias", TYPE_F32, rnd, Init.ZERO, s);
        w.tensor(p + ".out.weight", TYPE_F16, rnd, Init.SMALL, s, s);
        w.tensor(p + ".out.bias", TYPE_F32, rnd, Init.ZERO, s);
    }

    private void layerNorm(String p) throws IOException {
        w.tensor(p + ".weight", TYPE_F32, rnd, Init.ONE, dims.state);
        w.tensor(p + ".bias", TYPE_F32, rnd, Init.ZERO, dims.state);
    }

    private void mlp(String p) throws IOException {
        final int s = dims.state;
        layerNorm(p + ".mlp_ln");
        w.tensor(p + ".mlp.0.weight", TYPE_F16, rnd, Init.SMALL, s, 4 * s);
        w.tensor(p + ".mlp.0.bias", TYPE_F32, rnd, Init.ZERO, 4 * s);
        w.tensor(p + ".mlp.2.weight", TYPE_F16, rnd, Init.SMALL, 4 * s, s);
        w.tensor(p + ".mlp.2.bias", TYPE_F32, rnd, Init.ZERO, s);
    }
}
