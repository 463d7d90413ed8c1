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
    void tinyRunAlternatesRoundsAndReportsMediansCpuAndTheWorkerPath() throws Exception {
        Speech.requireTool("espeak-ng");
        Speech.requireTool("sox");
        List<Path> crashReportsBefore = crashReports();
        Path out = dir.resolve("report");
        // 35 s long files reach the medium lane: the pool's small-lane reservation and the worker's pieces are exercised.
        BenchRun run = BenchRun.of("bench", "strategies", "--model", TinyWhisperModel.shared().toString(),
                "--strategies", "pool,worker", "--rounds", "2", "--load", "10", "--duration", "1s",
                "--long-seconds", "35", "--burst", "2", "--out", out.toString(), "--work-dir",
                dir.resolve("work").toString());

        assertEquals(0, run.exitCode(), run.err());
        Path markdown = out.resolve("strategies.md");
        assertEquals(markdown.toString(), run.out().strip());
        String report = Files.readString(markdown);
        assertTrue(report.contains("offered load: **10.00 audio s per s** (`--load`)"), report);
        for (String column : List.of("short p95 × solo", "short p95 × own solo", "long files' worst completion",
                "× FIFO lane", "slot use, mixed", "burst throughput × raw", "peak RSS", "start-up to 1st result")) {
            assertTrue(report.contains(column), "column " + column + " missing:\n" + report);
        }
        for (String strategy : List.of("asr-hub pool + size lanes", "asr-hub worker (Kafka, lanes, pieces)",
                "Raw whisper-jni ceiling")) {
            assertTrue(report.lines().anyMatch(l -> l.startsWith("| " + strategy) && l.endsWith("| fine |")),
                    "row " + strategy + " missing or not fine:\n" + report);
        }
        // Every run has its CPU row, in the order it ran: each round starts one strategy later.
        List<String> cpuRows = report.lines().filter(l -> l.matches("\\| \\d \\| [a-z-]+ \\| \\d+ s \\|.*")).toList();
        assertEquals(List.of("1 pool", "1 worker", "1 raw", "2 worker", "2 raw", "2 pool"), cpuRows.stream()
                .map(l -> l.split("\\|")[1].strip() + " " + l.split("\\|")[2].strip()).toList(), report);
        assertTrue(report.contains("## Against the targets (issue 20)"), report);
        assertTrue(report.contains("`asr-hub bench strategies --model"), "exact command recorded:\n" + report);
        String svg = Files.readString(out.resolve("strategies-latency.svg"));
        assertTrue(svg.startsWith("<svg") && svg.contains("asr-hub worker (Kafka, lanes, pieces)"), svg);
        assertEquals(crashReportsBefore, crashReports(), "a crashing child must not leave hs_err files here");
    }

    @Test
    void spreadIsTheMedianWithMinAndMaxOfWhatWasMeasured() {
        StrategySummary.Spread s = StrategySummary.Spread.of(List.of(3.0, -1.0, 1.0, 2.0));
        assertEquals(new StrategySummary.Spread(2.0, 1.0, 3.0, 3), s); // -1: not measured, left out
        assertEquals(1.5, StrategySummary.Spread.of(List.of(1.0, 2.0)).median());
        assertEquals(0.25, s.differenceFrom(StrategySummary.Spread.of(List.of(2.5))));
        assertEquals(0, StrategySummary.Spread.of(List.of(-1.0)).count());
        assertEquals("2.00 (1.00–3.00)", BenchReport.cell(s, BenchReport::ratio));
    }

    @Test
    void strategyListsAreCheckedAndTheRawBaselineAlwaysRuns() {
        assertEquals(List.of(StrategyKind.POOL, StrategyKind.WORKER), StrategyKind.parseList("worker, pool"));
        BenchRun bad = BenchRun.of("bench", "strategies", "--strategies", "pool,fast", "--work-dir", dir.toString());
        assertEquals(2, bad.exitCode());
        assertTrue(bad.err().contains("unknown strategy fast"), bad.err());
        BenchRun badSetting = BenchRun.of("bench", "strategies", "--worker-set", "lanes", "--work-dir", dir.toString());
        assertEquals(2, badSetting.exitCode());
        assertTrue(badSetting.err().contains("--worker-set must look like KEY=VALUE"), badSetting.err());
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
