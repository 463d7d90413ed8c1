package io.asrhub.pieces;

import io.asrhub.audio.PcmStream;
import io.asrhub.errors.AsrException;
import io.asrhub.errors.ErrorCode;

/**
 * The second pass over a recording: reads it again and hands out the pieces of a {@link SplitPlan}
 * one at a time into a caller's buffer, checking each against the first pass. A recording that
 * reads differently the second time (a file replaced meanwhile) is refused, piece by piece, so a
 * split never mixes two recordings.
 */
public final class PlannedPieces {
    private final SplitPlan plan;
    private final PcmStream pcm;
    private final String source;
    private int next;

    public PlannedPieces(SplitPlan plan, PcmStream pcm, String source) {
        this.plan = plan;
        this.pcm = pcm;
        this.source = source;
    }

    /** Reads piece {@code next} into {@code into} (at least the longest piece's length) and returns its length. */
    public int next(float[] into) throws AsrException {
        int length = plan.length(next);
        int got = 0;
        while (got < length) {
            int n = pcm.read(into, got, length - got);
            if (n < 0) {
                throw changed("ends early");
            }
            got += n;
        }
        if (SplitPlan.fingerprint(into, 0, length) != plan.fingerprints()[next]) {
            throw changed("holds other audio at " + plan.startMs(next) + " ms");
        }
        next++;
        if (next == plan.count() && pcm.read(new float[1], 0, 1) >= 0) {
            throw changed("is longer");
        }
        return length;
    }

    /** The longest piece, to size the buffer given to {@link #next}. */
    public static int longest(SplitPlan plan) {
        int max = 0;
        for (int i = 0; i < plan.count(); i++) {
            max = Math.max(max, plan.length(i));
        }
        return max;
    }

    private AsrException changed(String how) {
        return new AsrException(ErrorCode.CORRUPT_AUDIO, source + ": the audio changed while it was being split"
                + " (read again, it " + how + ")");
    }
}
