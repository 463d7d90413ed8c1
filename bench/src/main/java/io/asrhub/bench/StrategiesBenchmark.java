package io.asrhub.bench;

import io.asrhub.errors.AsrException;
import io.asrhub.errors.ErrorCode;
import io.asrhub.testkit.GeneratedWhisperModel;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code asr-hub bench strategies}: generates the workload; fixes the offered load (given, or
 * {@code --rate} × the median of {@value #CALIBRATION_RUNS} raw-ceiling runs); then runs {@code --rounds}
 * rounds in which every strategy runs once in its own child JVM, the order rotated each round so no
 * strategy always runs first or last; then the optional sweep; and writes the report.
 */
public final class StrategiesBenchmark {
    static final int CALIBRATION_RUNS = 3;
    /**
     * What a default run measures: the starting point, the in-process pool and the worker's real path with
     * its reference (one FIFO lane); fits 3 rounds in ~15 minutes on 2 cores. "all" adds the rest.
     */
    static final String DEFAULT_STRATEGIES = "global-lock,pool,worker,worker-fifo";
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
        long started = System.nanoTime();
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
        Workload.solo(clips).write(workloadDir);
        Context ctx = new Context(model, workloadDir);

        List<Double> calibration = new ArrayList<>();
        List<StrategyRun> calibrationRuns = new ArrayList<>(); // in the report's CPU table: a disturbed one shows
        double load;
        if (o.load() != null) {
            load = o.load();
            progress.printf(Locale.ROOT, "offered load: %.2f audio s per s (--load)%n", load);
        } else {
            long deadline = burstDeadline(burst, 0);
            for (int i = 1; i <= CALIBRATION_RUNS; i++) {
                StrategyRun raw = runOne(ctx, new StrategyRun.Spec(StrategyKind.RAW, 0, o.slots(), o.threads(), 0,
                        List.of(Workload.BURST), 1, false), deadline);
                calibration.add(StrategyMetrics.throughput(raw.jobs(Workload.BURST)));
                calibrationRuns.add(raw);
            }
            double ceiling = StrategySummary.Spread.of(calibration).median();
            if (ceiling <= 0) {
                throw new IOException("the raw ceiling runs failed; nothing to derive the load from");
            }
            load = o.rate() * ceiling;
            progress.printf(Locale.ROOT, "offered load: %.2f audio s per s = %.2f × the median raw ceiling %.2f of "
                    + "%s (pass --load %.2f to offer the same again)%n", load, o.rate(), ceiling, calibration, load);
        }
        double jobsPerSecond = load / Workload.meanJobSeconds(clips, o.longFraction());
        Workload poisson = Workload.poisson(o.seed(), clips, o.longFraction(), jobsPerSecond, o.durationMs());
        poisson.write(workloadDir);
        double capacity = load / o.rate(); // estimate, only for the deadlines
        long poissonDeadline = o.durationMs() + (long) (4_000 * poisson.totalAudioSeconds() / capacity) + 60_000;
        long deadline = Math.max(poissonDeadline, burstDeadline(burst, capacity));

        List<StrategyKind> rotated = new ArrayList<>(o.strategies().stream()
                .filter(k -> k != StrategyKind.NO_LOCK).toList());
        Map<StrategyKind, List<StrategyRun>> runs = new LinkedHashMap<>();
        List<StrategyRun> inOrder = new ArrayList<>(calibrationRuns); // the CPU table lists runs as they ran
        for (int round = 1; round <= o.rounds(); round++) {
            progress.printf("round %d of %d%n", round, o.rounds());
            List<StrategyKind> order = new ArrayList<>(rotated);
            Collections.rotate(order, -(round - 1));
            if (round == 1 && o.strategies().contains(StrategyKind.NO_LOCK)) {
                order.add(StrategyKind.NO_LOCK); // a safety experiment: once is enough to see it crash
            }
            for (StrategyKind kind : order) {
                StrategyRun.Spec spec = kind == StrategyKind.RAW
                        ? new StrategyRun.Spec(kind, round, o.slots(), o.threads(), 0, List.of(Workload.BURST), 3,
                        round == 1)
                        : new StrategyRun.Spec(kind, round, o.slots(), o.threads(), SMALL_LANE_RESERVATION,
                        List.of(Workload.POISSON, Workload.BURST), 1, false);
                // A shared state may hang rather than crash: bound what it may cost the run.
                long d = kind == StrategyKind.NO_LOCK ? o.durationMs() + 60_000 : deadline;
                StrategyRun run = runOne(ctx, spec, d);
                runs.computeIfAbsent(kind, k -> new ArrayList<>()).add(run);
                inOrder.add(run);
            }
        }
        Map<StrategyKind, StrategySummary> summaries = summarise(runs);
        List<StrategyMetrics> sweep = new ArrayList<>();
        if (o.sweep()) {
            double raw = summaries.get(StrategyKind.RAW).throughput().median();
            for (int threads = 1; threads <= o.cores(); threads++) {
                for (int slots = 1; slots <= 2 * o.cores(); slots++) {
                    // without the lane reservation: the sweep is about pool size and threads, not lane policy
                    StrategyRun run = runOne(ctx, new StrategyRun.Spec(StrategyKind.POOL, 0, slots, threads, 0,
                            List.of(Workload.BURST), 1, false), burstDeadline(burst, capacity));
                    sweep.add(StrategyMetrics.of(run, Map.of(), raw));
                }
            }
        }
        BenchReport report = new BenchReport(o, model, clips, poisson, burst, load, calibration,
                new ArrayList<>(summaries.values()), inOrder, sweep,
                (System.nanoTime() - started) / 1e9);
        return report.write(o.outDir());
    }

    private long burstDeadline(Workload burst, double capacity) {
        double c = capacity > 0 ? capacity : 5; // unknown yet (calibration): generous
        return (long) (6_000 * burst.totalAudioSeconds() / c) + 60_000;
    }

    /** Per round: the raw run's throughput and solo time, the FIFO-lane worker's worst long file; then each kind. */
    private static Map<StrategyKind, StrategySummary> summarise(Map<StrategyKind, List<StrategyRun>> runs) {
        Map<Integer, Double> rawThroughput = new HashMap<>();
        Map<Integer, Long> commonSolo = new HashMap<>();
        Map<String, String> reference = new HashMap<>();
        for (StrategyRun raw : runs.getOrDefault(StrategyKind.RAW, List.of())) {
            rawThroughput.put(raw.round(), raw.completed() ? StrategyMetrics.throughput(raw.jobs(Workload.BURST)) : -1);
            commonSolo.put(raw.round(), raw.metaLong("soloShortMs"));
            raw.jobs(Workload.BURST).forEach(j -> reference.putIfAbsent(j.clip(), j.text()));
        }
        Map<StrategyKind, List<StrategyMetrics>> metrics = new LinkedHashMap<>();
        for (StrategyKind kind : StrategyKind.values()) { // report order
            for (StrategyRun run : runs.getOrDefault(kind, List.of())) {
                metrics.computeIfAbsent(kind, k -> new ArrayList<>())
                        .add(StrategyMetrics.of(run, reference, rawThroughput.getOrDefault(run.round(), -1.0)));
            }
        }
        Map<Integer, Long> fifoLongMax = new HashMap<>();
        for (StrategyMetrics m : metrics.getOrDefault(StrategyKind.WORKER_FIFO, List.of())) {
            fifoLongMax.put(m.run().round(), m.longLatency().max());
        }
        Map<StrategyKind, StrategySummary> out = new LinkedHashMap<>();
        metrics.forEach((kind, list) -> out.put(kind, new StrategySummary(kind, list, commonSolo, fifoLongMax)));
        return out;
    }

    private StrategyRun runOne(Context ctx, StrategyRun.Spec spec, long deadlineMs)
            throws IOException, InterruptedException {
        progress.printf("  %-12s slots %d, threads %d, %s...", spec.kind().id(), spec.slots(), spec.threads(),
                spec.scenarios().isEmpty() ? "solo" : String.join("+", spec.scenarios()));
        long timeout = deadlineMs * Math.max(1, spec.scenarios().size()) + 180_000;
        StrategyRun run = StrategyRun.execute(spec, ctx.model, ctx.workloadDir, o.workerSettings(), o.cores(),
                deadlineMs, timeout, o.workDir());
        StrategyMetrics m = StrategyMetrics.of(run, Map.of(), -1);
        progress.printf(Locale.ROOT, " %.0f s; short p95 %s ms, long max %s ms, burst %.1f audio s/s, slot use %.2f; "
                        + "cpu: run %.2f cores, others %.0f %% of the machine%n", run.cpu().wallSeconds(),
                m.shortLatency().at(95), m.longLatency().max(), m.throughput(), m.slotUse(), run.cpu().runCores(),
                100 * run.cpu().otherShare());
        if (!run.completed()) {
            progress.printf("  %s ended abnormally (exit %d%s): %s%n", spec.kind().id(), run.exitCode(),
                    run.timedOut() ? ", timed out" : "", run.stderrTail());
        }
        return run;
    }

    private record Context(Path model, Path workloadDir) {
    }
}
