package io.asrhub.audio;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a decoded recording into contiguous pieces of at most {@code maxPieceMs}, cutting in the
 * quietest short window near each limit so words are not cut in half.
 *
 * <p>Each cut is searched for in the last {@code searchMs} before the piece limit: every
 * {@value #WINDOW_MS} ms window there is scored by its RMS and the cut goes to the middle of the
 * quietest one (the latest on ties, so pieces stay long). If even that window is not quiet — louder
 * than {@value #QUIET_RATIO} times the RMS of the whole search stretch and above the silence floor,
 * as in music or steady noise — there is no pause to find, and the piece is cut exactly at the
 * limit. Pieces are views over the recording's array: together they cover every sample exactly once.
 * Recordings shorter than {@code fromMs} (or no longer than one piece) stay whole.
 */
public final class AudioSplitter {
    public static final int WINDOW_MS = 100;
    /** A window counts as a pause when its RMS is at most this fraction of the search stretch's RMS. */
    static final double QUIET_RATIO = 0.3;
    /** Below this RMS (about -60 dBFS) a window is a pause whatever its surroundings. */
    static final double SILENCE_FLOOR = 0.001;

    private final long maxPieceMs;
    private final long searchMs;
    private final long fromMs;

    public AudioSplitter(long maxPieceMs, long searchMs, long fromMs) {
        if (maxPieceMs < 2L * WINDOW_MS) {
            throw new IllegalArgumentException("max piece length must be at least " + 2 * WINDOW_MS + " ms");
        }
        if (searchMs < 0 || searchMs >= maxPieceMs) {
            throw new IllegalArgumentException("search length must be >= 0 and below the max piece length ("
                    + maxPieceMs + " ms), got " + searchMs);
        }
        this.maxPieceMs = maxPieceMs;
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
        int window = Math.max(1, samples(WINDOW_MS, audio.sampleRate()));
        int search = samples(searchMs, audio.sampleRate());
        int start = 0;
        while (total - start > maxLength) {
            int cut = cutBefore(samples, start, start + maxLength, search, window);
            pieces.add(new AudioSlice(audio, pieces.size(), start, cut - start));
            start = cut;
        }
        pieces.add(new AudioSlice(audio, pieces.size(), start, total - start));
        return pieces;
    }

    /** Where the piece starting at {@code start} ends: in the quietest window before {@code limit}. */
    public static int cutBefore(float[] samples, int start, int limit, int search, int window) {
        int from = Math.max(start + 1, limit - search);
        if (limit - from < window) {
            return limit;
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
        return quiet ? bestStart + window / 2 : limit;
    }

    private static int samples(long ms, int sampleRate) {
        return (int) Math.min(Integer.MAX_VALUE, ms * sampleRate / 1000);
    }
}
