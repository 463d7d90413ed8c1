package io.asrhub.audio;

import org.junit.jupiter.api.Test;

import java.nio.FloatBuffer;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AudioSplitterTest {
    private static final int RATE = 16_000;

    @Test
    void audioShorterThanTheThresholdStaysWholeEvenAboveThePieceLimit() {
        DecodedAudio audio = noise(new Random(1), 40_000, 0.5f);
        List<AudioSlice> pieces = new AudioSplitter(30_000, 5_000, 45_000).split(audio);
        assertEquals(1, pieces.size());
        assertEquals(0, pieces.get(0).offset());
        assertEquals(audio.samples().length, pieces.get(0).length());
    }

    @Test
    void cutsInsideThePauseBeforeTheLimit() {
        // 60 s of loud noise with a silent pause at 27.0-27.4 s: nothing quiet in the last 2 s before the
        // limit, so the whole 5 s search stretch is searched, and the first cut must land in the pause.
        float[] samples = noise(new Random(2), 60_000, 0.5f).samples();
        java.util.Arrays.fill(samples, ms(27_000), ms(27_400), 0f);
        DecodedAudio audio = new DecodedAudio(samples, RATE, "test");

        List<AudioSlice> pieces = new AudioSplitter(30_000, 5_000, 45_000).split(audio);

        assertTrue(pieces.size() >= 2);
        int cut = pieces.get(0).end();
        assertTrue(cut >= ms(27_050) && cut <= ms(27_350), "cut at sample " + cut);
    }

    /**
     * Every piece pays a full encoder window, so the cut stays near the limit: a gap between words
     * 1 s before the limit wins over a silent pause 4.3 s before it (the old rule, the quietest
     * window of the whole 5 s, cut at the pause and made a 25.7 s piece).
     */
    @Test
    void aQuietGapNearTheLimitWinsOverASilentPauseFurtherBack() {
        float[] samples = noise(new Random(5), 60_000, 0.5f).samples();
        java.util.Arrays.fill(samples, ms(25_500), ms(25_900), 0f);
        Random quieter = new Random(6);
        for (int i = ms(29_000); i < ms(29_200); i++) {
            samples[i] = (float) (quieter.nextGaussian() * 0.05 * 0.3); // a tenth of the speech level
        }
        DecodedAudio audio = new DecodedAudio(samples, RATE, "test");

        List<AudioSlice> pieces = new AudioSplitter(30_000, 5_000, 45_000).split(audio);

        int cut = pieces.get(0).end();
        assertTrue(cut >= ms(29_050) && cut <= ms(29_150), "cut at " + cut * 1000L / RATE + " ms");
    }

    @Test
    void steadyNoiseHasNoPauseSoEveryCutIsExactlyAtTheLimit() {
        DecodedAudio audio = noise(new Random(3), 95_000, 0.5f);
        List<AudioSlice> pieces = new AudioSplitter(30_000, 5_000, 45_000).split(audio);
        assertEquals(List.of(ms(30_000), ms(30_000), ms(30_000), ms(5_000)),
                pieces.stream().map(AudioSlice::length).toList());
    }

    @Test
    void piecesAreViewsOverTheRecordingNotCopies() {
        DecodedAudio audio = noise(new Random(4), 70_000, 0.5f);
        List<AudioSlice> pieces = new AudioSplitter(30_000, 5_000, 45_000).split(audio);
        AudioSlice second = pieces.get(1);
        assertSame(audio.samples(), second.recording().samples());
        FloatBuffer view = second.samples();
        assertEquals(second.length(), view.remaining());
        assertEquals(audio.samples()[second.offset()], view.get(0));
        assertTrue(view.isReadOnly());
        assertArrayEquals(java.util.Arrays.copyOfRange(audio.samples(), second.offset(), second.end()),
                second.toDecodedAudio().samples());
    }

    @Test
    void rejectsASearchStretchAsLongAsThePiece() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new AudioSplitter(30_000, 30_000, 45_000));
        assertTrue(e.getMessage().contains("search"), e.getMessage());
    }

    /**
     * Property check over random recordings (bursts of noise of random loudness separated by random
     * pauses, some pauses with a noise floor, some recordings with no pause at all), with the rule
     * scaled down (2 s pieces, 300 ms near stretch, 600 ms search): pieces are contiguous and cover
     * every sample once, none is longer than the limit, and every cut is in the quietest window of the
     * near stretch when that has a quiet window, else in the quietest of the whole search stretch when
     * that has one, else exactly at the limit.
     */
    @Test
    void randomRecordingsAreCutContiguouslyWithinTheLimitAtTheQuietestWindowNearestTheLimit() {
        long maxMs = 2_000;
        long nearMs = 300;
        long searchMs = 600;
        AudioSplitter splitter = new AudioSplitter(maxMs, nearMs, searchMs, 3_000);
        int nearCuts = 0;
        int farCuts = 0;
        int exactCuts = 0;
        for (long seed = 0; seed < 60; seed++) {
            Random random = new Random(seed);
            DecodedAudio audio = randomRecording(random, 3_000 + random.nextInt(20_000));
            List<AudioSlice> pieces = splitter.split(audio);
            String context = "seed " + seed;

            assertEquals(0, pieces.get(0).offset(), context);
            assertEquals(audio.samples().length, pieces.get(pieces.size() - 1).end(), context);
            long total = 0;
            for (int i = 0; i < pieces.size(); i++) {
                AudioSlice p = pieces.get(i);
                assertEquals(i, p.index(), context);
                assertTrue(p.length() > 0 && p.length() <= ms(maxMs), context + " piece " + i + ": " + p.length());
                if (i > 0) {
                    assertEquals(pieces.get(i - 1).end(), p.offset(), context + " piece " + i);
                }
                total += p.length();
            }
            assertEquals(audio.samples().length, total, context);

            Energy energy = new Energy(audio.samples());
            int window = ms(AudioSplitter.WINDOW_MS);
            for (int i = 0; i + 1 < pieces.size(); i++) {
                int start = pieces.get(i).offset();
                int limit = start + ms(maxMs);
                int cut = pieces.get(i).end();
                String cutContext = context + " cut " + i + " at " + cut;
                double nearQuietest = quietest(energy, start, limit, ms(nearMs), window);
                double farQuietest = quietest(energy, start, limit, ms(searchMs), window);
                double cutMeanSquare = energy.meanSquare(cut - window / 2, window);
                if (!Double.isNaN(nearQuietest)) {
                    assertTrue(cut >= limit - ms(nearMs), cutContext + ": a quiet window near the limit was passed over");
                    assertTrue(cutMeanSquare <= nearQuietest + 1e-9, cutContext);
                    nearCuts++;
                } else if (!Double.isNaN(farQuietest)) {
                    assertTrue(cutMeanSquare <= farQuietest + 1e-9, cutContext);
                    farCuts++;
                } else {
                    assertEquals(limit, cut, cutContext);
                    exactCuts++;
                }
            }
        }
        // The generator must exercise every branch, or the property says nothing about one of them.
        assertTrue(nearCuts > 50 && farCuts > 5 && exactCuts > 5,
                nearCuts + " cuts near the limit, " + farCuts + " further back, " + exactCuts + " exactly at it");
    }

    /** The quietest window's mean square in the last {@code search} samples before {@code limit}, or NaN if none is quiet. */
    private static double quietest(Energy energy, int start, int limit, int search, int window) {
        int from = Math.max(start + 1, limit - search);
        double quietest = Double.MAX_VALUE;
        for (int w = from; w + window <= limit; w++) {
            quietest = Math.min(quietest, energy.meanSquare(w, window));
        }
        double stretch = energy.meanSquare(from, limit - from);
        return quietest <= 0.09 * stretch || quietest <= 1e-6 ? quietest : Double.NaN;
    }

    private static DecodedAudio randomRecording(Random random, int durationMs) {
        float[] samples = new float[ms(durationMs)];
        boolean pauses = random.nextInt(5) != 0;
        float floor = random.nextBoolean() ? 0f : 0.002f + random.nextFloat() * 0.01f;
        int i = 0;
        while (i < samples.length) {
            int burst = Math.min(samples.length - i, ms(100 + random.nextInt(2_500)));
            float amplitude = 0.05f + random.nextFloat() * 0.9f;
            for (int k = 0; k < burst; k++) {
                samples[i + k] = (float) (random.nextGaussian() * amplitude * 0.3);
            }
            i += burst;
            if (pauses && i < samples.length) {
                int pause = Math.min(samples.length - i, ms(50 + random.nextInt(600)));
                for (int k = 0; k < pause; k++) {
                    samples[i + k] = (float) (random.nextGaussian() * floor);
                }
                i += pause;
            }
        }
        return new DecodedAudio(samples, RATE, "random");
    }

    private static DecodedAudio noise(Random random, int durationMs, float amplitude) {
        float[] samples = new float[ms(durationMs)];
        for (int i = 0; i < samples.length; i++) {
            samples[i] = (float) (random.nextGaussian() * amplitude * 0.3);
        }
        return new DecodedAudio(samples, RATE, "noise");
    }

    private static int ms(long ms) {
        return (int) (ms * RATE / 1000);
    }

    /** Brute-force reference: prefix sums of squared samples. */
    private static final class Energy {
        private final double[] prefix;

        Energy(float[] samples) {
            prefix = new double[samples.length + 1];
            for (int i = 0; i < samples.length; i++) {
                prefix[i + 1] = prefix[i] + (double) samples[i] * samples[i];
            }
        }

        double meanSquare(int from, int length) {
            return (prefix[from + length] - prefix[from]) / length;
        }
    }
}
