package io.asrhub.testkit;

import java.util.Random;

/**
 * Hand-designed decoder embeddings so that greedy decoding of a random-weight model is confident,
 * short and deterministic instead of emitting ~220 random tokens (which would be slow and trigger
 * temperature fallback).
 *
 * <p>The decoder's residual stream is dominated by the positional embedding (norm ~3; every other
 * contribution is kept far smaller by the generator's weight scale), and the output logits are
 * {@code token_embedding . ln(x)} with a large final layer-norm gain, so each position "votes" for one
 * token. Positions cycle with period {@link #PERIOD}: slot 0 prefers {@code <|0.00|>}, slots 1..6 prefer
 * six fixed text tokens and slot 7 prefers {@code <|30.00|>} with EOT as runner-up; EOT is also the
 * runner-up in slot 0 (it wins there once a timestamp was emitted, because earlier timestamps are
 * masked). Result for any audio: one segment of six dummy words per 30 s window. The audio still flows
 * through the full encoder and cross-attention, it just barely matters.
 */
final class ScriptedDecoder {
    static final int PERIOD = 8;
    static final int N_WORDS = 6;
    static final float LN_GAIN = 6.0f;      // final decoder layer-norm weight -> |ln(x)| ~ 6 sqrt(n_state)
    static final float EMBED_SCALE = 0.6f;  // norm of scripted token embeddings
    static final float POS_SCALE = 3.0f;    // norm of the dominant positional direction
    private static final int EOT = 50256;
    private static final int BEG = 50363;   // <|0.00|> in the english-only id layout

    private static final int D_BEG = 0;     // dirs[1..6] = words
    private static final int D_TS = N_WORDS + 1;
    private static final int D_EOT = N_WORDS + 2;

    private final int nState;
    private final float[][] dirs;           // orthonormal, zero-mean directions in R^nState
    private final int[] words = new int[N_WORDS];

    ScriptedDecoder(Random rnd, int nState) {
        this.nState = nState;
        dirs = orthonormalZeroMean(rnd, N_WORDS + 3, nState);
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

    float[] positionalEmbedding(int nTextCtx) {
        float[] pe = new float[nTextCtx * nState];
        for (int pos = 0; pos < nTextCtx; pos++) {
            int slot = pos % PERIOD;
            int off = pos * nState;
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

    float[] tokenEmbedding(Random rnd, int nVocab, double initStd) {
        float[] te = new float[nVocab * nState];
        for (int i = 0; i < te.length; i++) {
            te[i] = (float) (rnd.nextGaussian() * initStd);
        }
        setRow(te, BEG, dirs[D_BEG]);
        setRow(te, BEG + 1500, dirs[D_TS]);         // <|30.00|>
        setRow(te, EOT, dirs[D_EOT]);
        for (int k = 0; k < N_WORDS; k++) {
            setRow(te, words[k], dirs[k + 1]);
        }
        return te;
    }

    private void setRow(float[] te, int token, float[] dir) {
        for (int j = 0; j < nState; j++) {
            te[token * nState + j] = EMBED_SCALE * dir[j];
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
