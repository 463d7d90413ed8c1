package io.asrhub.bench.eval;

import io.asrhub.bench.BenchRun;
import io.asrhub.testsupport.TinyWhisperModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EvalCommandTest {
    @TempDir
    Path dir;

    @Test
    void printsOneTableRowPerVariant() throws Exception {
        Path shortClips = AccuracyHarnessTest.librivox(dir).get(0).items().get(0).audio().getParent();

        BenchRun run = BenchRun.of("eval", "--model", TinyWhisperModel.shared().toString(), "--corpus", shortClips.toString(),
                "--threads", "1");

        assertEquals(0, run.exitCode(), run.err());
        List<String> rows = run.out().lines().filter(l -> l.startsWith("| short |")).toList();
        assertEquals(List.of("whole, full window", "whole, fitted window", "pieces, full window", "pieces, fitted window"),
                rows.stream().map(r -> r.split("\\|")[2].strip()).toList(), run.out());
        // 5 files, 5 pieces (clips are never split), 71 reference words in the five sentences.
        assertTrue(rows.stream().allMatch(r -> r.matches("\\| short \\| [^|]+ \\| 5 \\| [0-9.]+ \\| 5 \\| 71 \\| \\d+ \\| [01]\\.\\d{3} .*")),
                run.out());
    }

    @Test
    void withoutACorpusItSaysWhatToGive() throws Exception {
        BenchRun run = BenchRun.of("eval", "--model", TinyWhisperModel.shared().toString());
        assertEquals(2, run.exitCode());
        assertTrue(run.err().contains("give --corpus DIR or --librivox DIR"), run.err());
    }
}
