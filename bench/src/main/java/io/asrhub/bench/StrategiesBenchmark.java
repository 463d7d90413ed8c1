package io.asrhub.bench;

import io.asrhub.errors.AsrException;
import io.asrhub.errors.ErrorCode;
import io.asrhub.testkit.GeneratedWhisperModel;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code asr-hub bench strategies}: generates the workload, runs the raw ceiling first (its throughput
 * sets the Poisson rate and its transcripts are the reference text), then every strategy in its own
 * child JVM on the same seeded jobs, then the pool-size/threads sweep, and writes the report.
 */
public final class StrategiesBenchmark {
    static final List<StrategyKind> COMPARED = List.of(StrategyKind.GLOBAL_LOCK, StrategyKind.POOL,
            StrategyKind.PRIORITY, StrategyKind.PROCESSES, StrategyKind.NO_LOCK);
    /** The worker's default lanes.small-reserved-slots. */
    static final int SMALL_LANE_RESERVATION = 1;

    private final BenchOptions o;
    private final PrintStream progress;

    public StrategiesBenchmark(BenchOptions options, PrintStream progress) {
        this.o = options;
        this.progress = progress;
    }

    /** Runs everything and returns the report file. */
    public Path run() throws AsrException {
        try {
            return runAll();
        } catch (IOException e) {
            throw new AsrException(ErrorCode.PROVIDER_FAILED, "benchmark failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AsrException(ErrorCode.INTERRUPTED, "benchmark interrupted");
        }
    }

    private Path runAll() throws IOException, InterruptedException, AsrException {
        Files.createDirectories(o.workDir());
        Path model = o.model();
        if (model == null) {
            model = GeneratedWhisperModel.cached(o.workDir().resolve("models"), o.generatedDims());
            progress.printf("model: random weights with %s dimensions, %s (generated once)%n",
                    o.generatedDims().label(), model);
        }
        progress.println("generating speech (espeak-ng, sox)...");
        SpeechClips clips = SpeechClips.generate(o.workDir().resolve("speech"), o.longSeconds());
        Path workloadDir = Files.createDirectories(o.workDir().resolve("workload"));
        Workload burst = Workload.burst(o.seed(), clips, o.longFraction(), o.burstJobs());
        burst.write(workloadDir);

        StrategyRun raw = runOne(StrategyKind.RAW, model, o.slots(), 1, 0, workloadDir, List.of(Workload.BURST),
                600_000);
        double rawThroughput = StrategyMetrics.throughput(raw.jobs(Workload.BURST));
        if (rawThroughput <= 0) {
            throw new IOException("the raw ceiling run failed (" + raw.stderrTail() + "); nothing to compare against");
        }
        Map<String, String> reference = new HashMap<>();
        raw.jobs(Workload.BURST).forEach(j -> reference.putIfAbsent(j.clip(), j.text()));

        double meanShortMs = clips.shortClips().stream().mapToLong(SpeechClips.Clip::durationMs).average().orElse(0);
        double meanAudioS = ((1 - o.longFraction()) * meanShortMs + o.longFraction() * clips.longClip().durationMs())
                / 1000.0;
        double jobsPerSecond = o.rate() * rawThroughput / meanAudioS;
        Workload poisson = Workload.poisson(o.seed(), clips, o.longFraction(), jobsPerSecond, o.durationMs());
        poisson.write(workloadDir);
        // Slow strategies fall behind the offered load; give them time to drain what arrived.
        long poissonDeadline = o.durationMs() + (long) (5_000 * poisson.totalAudioSeconds() / rawThroughput) + 30_000;
        long burstDeadline = (long) (6_000 * burst.totalAudioSeconds() / rawThroughput) + 30_000;

        List<StrategyMetrics> compared = new ArrayList<>();
        compared.add(StrategyMetrics.of(raw, reference, rawThroughput));
        for (StrategyKind kind : COMPARED) {
            // A shared state may hang rather than crash: bound what it may cost the run.
            long deadline = kind == StrategyKind.NO_LOCK ? o.durationMs() + 60_000
                    : Math.max(poissonDeadline, burstDeadline);
            StrategyRun run = runOne(kind, model, o.slots(), o.threads(), SMALL_LANE_RESERVATION, workloadDir,
                    List.of(Workload.POISSON, Workload.BURST), deadline);
            compared.add(StrategyMetrics.of(run, reference, rawThroughput));
        }
        List<StrategyMetrics> sweep = new ArrayList<>();
        if (o.sweep()) {
            for (int threads = 1; threads <= o.cores(); threads++) {
                for (int slots = 1; slots <= 2 * o.cores(); slots++) {
                    // without the lane reservation: the sweep is about pool size and threads, not lane policy
                    StrategyRun run = runOne(StrategyKind.POOL, model, slots, threads, 0, workloadDir,
                            List.of(Workload.BURST), burstDeadline);
                    sweep.add(StrategyMetrics.of(run, reference, rawThroughput));
                }
            }
        }
        BenchReport report = new BenchReport(o, model, clips, poisson, burst, jobsPerSecond, rawThroughput, compared,
                sweep);
        return report.write(o.outDir());
    }

    private StrategyRun runOne(StrategyKind kind, Path model, int slots, int threads, int reserved, Path workloadDir,
                               List<String> scenarios, long deadlineMs) throws IOException, InterruptedException {
        progress.printf("running %-12s slots %d, threads %d, scenarios %s...%n", kind.id(), slots, threads,
                String.join("+", scenarios));
        long timeout = deadlineMs * scenarios.size() + 180_000;
        StrategyRun run = StrategyRun.execute(kind, model, slots, threads, reserved, o.cores(), workloadDir, scenarios,
                deadlineMs, timeout, o.workDir());
        if (!run.completed()) {
            progress.printf("  %s ended abnormally (exit %d%s): %s%n", kind.id(), run.exitCode(),
                    run.timedOut() ? ", timed out" : "", run.stderrTail());
        }
        return run;
    }
}
