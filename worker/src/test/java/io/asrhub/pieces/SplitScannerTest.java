package io.asrhub.pieces;

import io.asrhub.audio.ArrayPcmStream;
import io.asrhub.audio.AudioSlice;
import io.asrhub.audio.AudioSplitter;
import io.asrhub.audio.DecodedAudio;
import io.asrhub.errors.AsrException;
import io.asrhub.errors.ErrorCode;
import io.asrhub.recognition.ChunkingSettings;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The scan over a stream cuts where {@link AudioSplitter} cuts the whole recording, and the second read is checked. */
class SplitScannerTest {
    private static final int RATE = 16_000;

    @Test
    void theStreamIsCutWhereTheWholeRecordingIsCut() throws Exception {
        ChunkingSettings chunking = ChunkingSettings.DEFAULT;
        Random random = new Random(17);
        for (int round = 0; round < 12; round++) {
            int seconds = round < 3 ? new int[]{20, 44, 46}[round] : 50 + random.nextInt(400);
            DecodedAudio audio = speechLike(seconds, random);
            List<AudioSlice> expected = chunking.splitter().split(audio);
            SplitScanner.Scan scan = new SplitScanner(chunking).scan(new ArrayPcmStream(audio));
            if (expected.size() <= 1) {
                assertNull(scan.plan(), seconds + " s stays whole");
                assertArrayEquals(audio.samples(), scan.whole().samples());
                continue;
            }
            SplitPlan plan = scan.plan();
            assertNotNull(plan, seconds + " s is split");
            assertEquals(expected.size(), plan.count(), seconds + " s");
            for (int i = 0; i < plan.count(); i++) {
                assertEquals(expected.get(i).end(), plan.end(i), "piece " + i + " of " + seconds + " s");
                assertEquals(expected.get(i).startMs(), plan.startMs(i));
                assertEquals(expected.get(i).endMs(), plan.endMs(i));
            }
        }
    }

    @Test
    void aRecordingThatReadsDifferentlyTheSecondTimeIsRefused() throws Exception {
        DecodedAudio audio = speechLike(100, new Random(3));
        SplitPlan plan = new SplitScanner(ChunkingSettings.DEFAULT).scan(new ArrayPcmStream(audio)).plan();
        float[] changed = audio.samples().clone();
        changed[plan.length(0) + 5] += 0.25f; // inside the second piece
        PlannedPieces pieces = new PlannedPieces(plan, new ArrayPcmStream(new DecodedAudio(changed, RATE, "x")), "j");
        float[] buffer = new float[PlannedPieces.longest(plan)];
        assertEquals(plan.length(0), pieces.next(buffer), "the first piece is unchanged");
        AsrException e = assertThrows(AsrException.class, () -> pieces.next(buffer));
        assertEquals(ErrorCode.CORRUPT_AUDIO, e.code());
        assertTrue(e.getMessage().contains("changed while it was being split"), e.getMessage());

        float[] longer = java.util.Arrays.copyOf(audio.samples(), audio.samples().length + 10);
        PlannedPieces again = new PlannedPieces(plan, new ArrayPcmStream(new DecodedAudio(longer, RATE, "x")), "j");
        for (int i = 0; i < plan.count() - 1; i++) {
            again.next(buffer);
        }
        assertThrows(AsrException.class, () -> again.next(buffer), "a longer second read is refused too");
    }

    /** Bursts of noise of random length with short quiet gaps, like speech at the level of 100 ms windows. */
    static DecodedAudio speechLike(int seconds, Random random) {
        float[] s = new float[seconds * RATE];
        int i = 0;
        while (i < s.length) {
            int burst = RATE / 2 + random.nextInt(3 * RATE);
            for (int k = 0; k < burst && i < s.length; k++, i++) {
                s[i] = (float) (random.nextGaussian() * 0.2);
            }
            int gap = RATE / 20 + random.nextInt(RATE / 2);
            for (int k = 0; k < gap && i < s.length; k++, i++) {
                s[i] = (float) (random.nextGaussian() * 0.002);
            }
        }
        return new DecodedAudio(s, RATE, "test");
    }
}
