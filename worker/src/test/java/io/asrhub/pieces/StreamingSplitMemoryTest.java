package io.asrhub.pieces;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Splitting three hours of audio (generated as it is read, {@link LongSplitRun}) in a JVM of 64 MB
 * of heap: the recording's samples alone would be 691 MB as floats, so this passes only if the
 * splitter's memory does not grow with the recording's length. The control run, which keeps every
 * piece's WAV bytes as the held path does, fails in the same heap.
 */
class StreamingSplitMemoryTest {
    private static final String HEAP = "-Xmx64m";

    @Test
    void threeHoursAreSplitAndSentWithinSixtyFourMegabytesOfHeap() throws Exception {
        Run run = split("3");
        assertEquals(0, run.exit(), run.output());
        assertTrue(run.output().contains("samples=" + 3 * 3600 * 16_000L), run.output());
        int pieces = Integer.parseInt(run.output().replaceAll("(?s).*pieces=(\\d+).*", "$1"));
        // At most 30 s each, and cut within the last search stretch before the limit.
        long maxPiece = ChunkingDefaults.MAX_PIECE_MS;
        assertTrue(pieces >= 3 * 3600 * 1000 / maxPiece && pieces <= 3 * 3600 * 1000 / (maxPiece
                - ChunkingDefaults.SEARCH_MS) + 1, "pieces: " + pieces);
    }

    @Test
    void holdingEveryPieceOfThreeHoursDoesNotFitTheSameHeap() throws Exception {
        Run run = split("3", "hold");
        assertNotEquals(0, run.exit(), "345 MB of WAV pieces cannot fit " + HEAP + ": " + run.output());
        assertTrue(run.output().contains("OutOfMemoryError"), run.output());
    }

    private record Run(int exit, String output) {
    }

    private static Run split(String... args) throws IOException, InterruptedException {
        List<String> cmd = new java.util.ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), HEAP, "-cp", System.getProperty("java.class.path"), LongSplitRun.class.getName()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(3, TimeUnit.MINUTES), "the split run finishes");
        return new Run(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }

    /** The defaults the assertions are about, named once. */
    private static final class ChunkingDefaults {
        static final long MAX_PIECE_MS = io.asrhub.recognition.ChunkingSettings.DEFAULT.maxPieceMs();
        static final long SEARCH_MS = io.asrhub.recognition.ChunkingSettings.DEFAULT.searchMs();
    }
}
