package io.asrhub.audio;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a decoded recording into contiguous pieces of at most {@code maxPieceMs}, cutting in a
 * quiet short window near each limit so words are not cut in half.
 *
 * <p>Every piece costs the recognizer one full encoder window (whisper: 30 s) however short it is,
 * so a cut far before the limit costs windows: cut at the quietest pause of a 5 s stretch, a
 * 10-minute recording gave pieces of 28 s and 22 windows instead of 21. Each cut is therefore
 * searched for first in the last {@value #NEAR_MS} ms before the piece limit (or {@code searchMs}
 * if shorter); only when that stretch has no quiet window is the whole last {@code searchMs} searched.
 * In a stretch, every {@value #WINDOW_MS} ms window is scored by its RMS and the cut goes to the
 * middle of the quietest one (the latest on ties, so pieces stay long). A window is quiet when it
 * is at most {@value #QUIET_RATIO} times the RMS of its stretch or below the silence floor; in
 * speech that is a pause or a gap between words. If the whole search stretch has none (music,
 * steady noise), the piece is cut exactly at the limit. Pieces are views over the recording's
 * array: together they cover every sample exactly once. Recordings shorter than {@code fromMs} (or
 * no longer than one piece) stay whole.
 */
public final class AudioSplitter {
    public static final int WINDOW_MS = 100;
    /** The stretch before each limit searched first: pieces stay within 2 s of the limit where it has a quiet window. */
    public static final int NEAR_MS = 2_000;
    /** A window counts as a pause when its RMS is at most this fraction of the search stretch's RMS. */
    static final double QUIET_RATIO = 0.3;
    /** Below this RMS (about -60 dBFS) a window is a pause whatever its surroundings. */
    static final double SILENCE_FLOOR = 0.001;

    private final long maxPieceMs;
    private final long nearMs;
    private final long searchMs;
    private final long fromMs;

    public AudioSplitter(long maxPieceMs, long searchMs, long fromMs) {
        this(maxPieceMs, Math.min(NEAR_MS, searchMs), searchMs, fromMs);
    }

    /** With the first stretch's length given ({@code nearMs} at most {@code searchMs}): tests scale the rule down. */
    AudioSplitter(long maxPieceMs, long nearMs, long searchMs, long fromMs) {
        if (maxPieceMs < 2L * WINDOW_MS) {
            throw new IllegalArgumentException("max piece length must be at least " + 2 * WINDOW_MS + " ms");
        }
        if (searchMs < 0 || searchMs >= maxPieceMs) {
            throw new IllegalArgumentException("search length must be >= 0 and below the max piece length ("
                    + maxPieceMs + " ms), got " + searchMs);
        }
        if (nearMs < 0 || nearMs > searchMs) {
            throw new IllegalArgumentException("near stretch must be between 0 and the search length, got " + nearMs);
        }
        this.maxPieceMs = maxPieceMs;
        this.nearMs = nearMs;
        this.searchMs = searchMs;
        this.fromMs = fromMs;
    }

    public List<AudioSlice> split(DecodedAudio audio) {
        float[] samples = audio.samples();
        int total = samples.length;
        int maxLength = samples(maxPieceMs, audio.sampleRate());
        List<AudioSlice> pieces = new ArrayList<>();
        if (total == 0) {
            return pieces;
        }
        if (audio.durationMs() < fromMs || total <= maxLength) {
            pieces.add(new AudioSlice(audio, 0, 0, total));
            return pieces;
        }
        int start = 0;
        while (total - start > maxLength) {
            int cut = cutBefore(samples, start, start + maxLength, audio.sampleRate());
            pieces.add(new AudioSlice(audio, pieces.size(), start, cut - start));
            start = cut;
        }
        pieces.add(new AudioSlice(audio, pieces.size(), start, total - start));
        return pieces;
    }

    /** Where the piece starting at {@code start} ends, before {@code limit}: see the class comment. */
    public int cutBefore(float[] samples, int start, int limit, int sampleRate) {
        int window = Math.max(1, samples(WINDOW_MS, sampleRate));
        int search = samples(searchMs, sampleRate);
        int near = samples(nearMs, sampleRate);
        int cut = quietestBefore(samples, start, limit, near, window);
        if (cut < 0 && search > near) {
            cut = quietestBefore(samples, start, limit, search, window);
        }
        return cut < 0 ? limit : cut;
    }

    /** The middle of the quietest window in the last {@code search} samples before {@code limit}, or -1 if none is quiet. */
    static int quietestBefore(float[] samples, int start, int limit, int search, int window) {
        int from = Math.max(start + 1, limit - search);
        if (limit - from < window) {
            return -1;
        }
        double sum = 0;
        for (int i = from; i < from + window; i++) {
            sum += (double) samples[i] * samples[i];
        }
        double stretch = sum;
        double best = sum;
        int bestStart = from;
        for (int w = from + 1; w + window <= limit; w++) {
            double leaving = samples[w - 1];
            double entering = samples[w + window - 1];
            sum += entering * entering - leaving * leaving;
            stretch += entering * entering;
            if (sum <= best) {
                best = sum;
                bestStart = w;
            }
        }
        double quietestMeanSquare = Math.max(best, 0) / window;
        double stretchMeanSquare = stretch / (limit - from);
        boolean quiet = quietestMeanSquare <= QUIET_RATIO * QUIET_RATIO * stretchMeanSquare
                || quietestMeanSquare <= SILENCE_FLOOR * SILENCE_FLOOR;
        return quiet ? bestStart + window / 2 : -1;
    }

    private static int samples(long ms, int sampleRate) {
        return (int) Math.min(Integer.MAX_VALUE, ms * sampleRate / 1000);
    }
}
