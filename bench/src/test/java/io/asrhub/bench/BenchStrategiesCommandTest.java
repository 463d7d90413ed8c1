package io.asrhub.bench;

import io.asrhub.testsupport.Speech;
import io.asrhub.testsupport.TinyWhisperModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Runs the real benchmark on a tiny workload and checks the report's shape, not its numbers. */
class BenchStrategiesCommandTest {
    @TempDir
    Path dir;

    @Test
    void tinyRunReportsEveryStrategyInTheDesignDocumentsShapeWithAChart() throws Exception {
        Speech.requireTool("espeak-ng");
        Speech.requireTool("sox");
        List<Path> crashReportsBefore = crashReports();
        Path out = dir.resolve("report");
        // 35 s long files reach the medium lane, so the pool's small-lane reservation is exercised.
        BenchRun run = BenchRun.of("bench", "strategies", "--model", TinyWhisperModel.shared().toString(),
                "--duration", "1s", "--rate", "0.3", "--long-seconds", "35", "--burst", "2", "--no-sweep",
                "--out", out.toString(), "--work-dir", dir.resolve("work").toString());

        assertEquals(0, run.exitCode(), run.err());
        Path markdown = out.resolve("strategies.md");
        assertEquals(markdown.toString(), run.out().strip());
        String report = Files.readString(markdown);
        for (String column : List.of("實作難度", "效能提升", "資源效率", "擴充性", "風險程度", "p95 × solo",
                "long job done", "throughput (× raw)", "peak RSS", "start-up to 1st result")) {
            assertTrue(report.contains(column), "column " + column + " missing:\n" + report);
        }
        for (String strategy : List.of("Global lock, FIFO", "asr-hub pool + size lanes", "Priority queue",
                "One process per model", "No lock (shared state)", "Raw whisper-jni ceiling")) {
            assertTrue(report.lines().anyMatch(l -> l.startsWith("|") && l.contains(strategy)),
                    "row " + strategy + " missing:\n" + report);
        }
        assertTrue(report.contains("## Target ratios"), report);
        assertTrue(report.contains("`asr-hub bench strategies --model"), "exact command recorded:\n" + report);
        String svg = Files.readString(out.resolve("strategies-latency.svg"));
        assertTrue(svg.startsWith("<svg") && svg.contains("asr-hub pool + size lanes"), svg);
        assertEquals(crashReportsBefore, crashReports(), "a crashing child must not leave hs_err files here");
    }

    @Test
    void durationsAcceptSecondsMinutesAndMilliseconds() {
        assertEquals(45_000, BenchStrategiesCommand.durationMs("45s"));
        assertEquals(120_000, BenchStrategiesCommand.durationMs("2m"));
        assertEquals(500, BenchStrategiesCommand.durationMs("500ms"));
        assertEquals(30_000, BenchStrategiesCommand.durationMs("30"));
        assertThrows(IllegalArgumentException.class, () -> BenchStrategiesCommand.durationMs("soon"));
    }

    @Test
    void badMixIsASetUpErrorNotAStackTrace() {
        BenchRun run = BenchRun.of("bench", "strategies", "--mix", "80-20", "--work-dir", dir.toString());
        assertEquals(2, run.exitCode()); // set-up failure, as the worker's commands
        assertTrue(run.err().contains("--mix must look like 80:20"), run.err());
    }

    private static List<Path> crashReports() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("."))) {
            return files.filter(f -> f.getFileName().toString().startsWith("hs_err")).sorted().toList();
        }
    }
}
