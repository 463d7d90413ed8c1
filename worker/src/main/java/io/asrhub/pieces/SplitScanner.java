package io.asrhub.pieces;

import io.asrhub.audio.AudioSplitter;
import io.asrhub.audio.DecodedAudio;
import io.asrhub.audio.PcmStream;
import io.asrhub.errors.AsrException;
import io.asrhub.recognition.ChunkingSettings;

import java.util.Arrays;

/**
 * The first pass over a recording that may be split: reads it block by block, keeping only a window
 * of samples, and finds the cut points with {@link AudioSplitter}'s rule (a quiet window just before
 * each piece limit). The window never holds more than
 * {@code max(chunking.from-ms, chunking.max-piece-ms)} plus one block, so memory does not grow with
 * the recording's length. Gives the same pieces as {@link AudioSplitter#split} on the whole recording.
 */
public final class SplitScanner {
    private static final int BLOCK = 16_384;

    private final ChunkingSettings chunking;
    private final AudioSplitter splitter;

    public SplitScanner(ChunkingSettings chunking) {
        this.chunking = chunking;
        this.splitter = chunking.splitter();
    }

    /** Either the cut points of a recording to split, or the whole (short) recording's samples. */
    public record Scan(SplitPlan plan, DecodedAudio whole) {
    }

    public Scan scan(PcmStream pcm) throws AsrException {
        int rate = pcm.sampleRate();
        int maxLength = samples(chunking.maxPieceMs(), rate);
        float[] buffer = new float[Math.max(maxLength, samples(chunking.fromMs(), rate) + 1) + BLOCK + 1];
        long[] ends = new long[16];
        long[] prints = new long[16];
        int pieces = 0;
        long consumed = 0; // samples before buffer[0], all in pieces already
        int filled = 0;
        boolean splitting = false;
        while (true) {
            int n = pcm.read(buffer, filled, Math.min(BLOCK, buffer.length - filled));
            if (n < 0) {
                break;
            }
            filled += n;
            long seen = consumed + filled;
            splitting = splitting || (seen * 1000 / rate >= chunking.fromMs() && seen > maxLength);
            while (splitting && filled > maxLength) {
                int cut = splitter.cutBefore(buffer, 0, maxLength, rate);
                if (pieces == ends.length) {
                    ends = Arrays.copyOf(ends, pieces * 2);
                    prints = Arrays.copyOf(prints, pieces * 2);
                }
                prints[pieces] = SplitPlan.fingerprint(buffer, 0, cut);
                consumed += cut;
                ends[pieces++] = consumed;
                System.arraycopy(buffer, cut, buffer, 0, filled - cut);
                filled -= cut;
            }
        }
        if (!splitting) {
            return new Scan(null, new DecodedAudio(Arrays.copyOf(buffer, filled), rate, pcm.sourceFormat(),
                    pcm.truncated()));
        }
        if (pieces == ends.length) {
            ends = Arrays.copyOf(ends, pieces + 1);
            prints = Arrays.copyOf(prints, pieces + 1);
        }
        prints[pieces] = SplitPlan.fingerprint(buffer, 0, filled);
        ends[pieces++] = consumed + filled;
        return new Scan(new SplitPlan(rate, Arrays.copyOf(ends, pieces), Arrays.copyOf(prints, pieces),
                pcm.sourceFormat(), pcm.truncated()), null);
    }

    private static int samples(long ms, int sampleRate) {
        return (int) Math.min(Integer.MAX_VALUE / 2, ms * sampleRate / 1000);
    }
}
