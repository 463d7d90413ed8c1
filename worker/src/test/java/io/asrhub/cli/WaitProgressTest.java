package io.asrhub.cli;

import io.asrhub.schema.JobProgress;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WaitProgressTest {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream err = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    private final Map<String, Path> waiting = new HashMap<>(Map.of("a", Path.of("/in/long-a.wav"),
            "b", Path.of("/in/long-b.wav"), "short", Path.of("/in/short.wav")));
    private final WaitProgress progress = new WaitProgress(err, waiting);

    @Test
    void oneJobIsShownByItsFileWithPiecesAndAudioSeconds() {
        progress.update(progress("a", 0, 7, 0, 210_000));
        progress.update(progress("a", 3, 7, 90_000, 210_000));
        String drawn = out();
        assertTrue(drawn.startsWith("\rlong-a.wav [          "), drawn);
        assertTrue(drawn.endsWith("\rlong-a.wav [############                  ]  42% 3/7 pieces, 90.0/210.0 s audio"),
                drawn);
        assertFalse(drawn.contains("\n"), "redrawn in place until a transcript arrives");
    }

    @Test
    void severalJobsAreSummedAndOthersRecordsIgnored() {
        progress.update(progress("a", 1, 4, 30_000, 120_000));
        progress.update(progress("b", 1, 2, 30_000, 60_000));
        progress.update(progress("someone-else", 9, 9, 1, 1));
        assertTrue(out().endsWith("2 long jobs [##########                    ]  33% 2/6 pieces, 60.0/180.0 s audio"),
                out());
    }

    @Test
    void theLineIsEndedBeforeATranscriptAndRedrawnForTheJobsStillRunning() {
        progress.update(progress("a", 1, 4, 30_000, 120_000));
        progress.update(progress("b", 1, 2, 30_000, 60_000));
        progress.finished("b");
        waiting.remove("b");
        int ended = bytes.size();
        assertTrue(out().endsWith(System.lineSeparator()), "line ended before the transcript is printed");
        progress.draw();
        String redrawn = out().substring(ended);
        assertTrue(redrawn.startsWith("\rlong-a.wav "), redrawn);
        progress.finished("a");
        progress.endLine(); // nothing left: no empty line
        assertEquals(1, out().substring(ended).split(System.lineSeparator(), -1).length - 1);
    }

    @Test
    void aBackwardsRepeatDoesNotMoveTheBarBack() {
        progress.update(progress("a", 3, 7, 90_000, 210_000));
        progress.update(progress("a", 2, 7, 60_000, 210_000));
        assertTrue(out().endsWith("3/7 pieces, 90.0/210.0 s audio"), out());
    }

    private String out() {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private static JobProgress progress(String job, int done, int total, long msDone, long msTotal) {
        return JobProgress.newBuilder().setJobId(job).setPiecesDone(done).setPiecesTotal(total)
                .setAudioMsDone(msDone).setAudioMsTotal(msTotal).build();
    }
}
