package io.asrhub.bench;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/** The report's per-run sections: CPU of every child run, the fitted-window probe, the pool sweep. */
final class RunLog {
    private RunLog() {
    }

    /** One row per child run, in the order they ran: a disturbed round shows as others' CPU share. */
    static void appendCpu(StringBuilder s, List<StrategyRun> runs) {
        s.append("## CPU per run\n\n");
        s.append("Run = the strategy's JVM and every process it started and reaped (model processes, the Kafka "
                + "broker), from /proc/self/stat of the benchmark (its own time plus its children's); others = "
                + "the machine's busy time (/proc/stat) minus the run's, as a share of all cores over the run.\n\n");
        s.append("| round | strategy | wall | run CPU, cores | others, % of the machine | steal, cores |\n");
        // round "calibration": the raw runs that set the load (without --load); a disturbed one skews the load
        s.append("|---|---|---|---|---|---|\n");
        for (StrategyRun r : runs) {
            CpuUse c = r.cpu();
            s.append(String.format(Locale.ROOT, "| %s | %s | %.0f s | %.2f | %.1f %% | %.2f |%n",
                    r.round() == 0 ? "calibration" : String.valueOf(r.round()),
                    r.kind().id(), c.wallSeconds(), c.runCores(), 100 * c.otherShare(),
                    c.wallSeconds() > 0 ? c.stealCoreSeconds() / c.wallSeconds() : 0));
        }
        double worst = runs.stream().mapToDouble(r -> r.cpu().otherShare()).max().orElse(0);
        s.append(String.format(Locale.ROOT, "%nLargest share of the machine used by other processes during a run: "
                + "%.1f %%.%n%n", 100 * worst));
    }

    static void appendAudioContext(StringBuilder s, List<StrategyRun> runs) {
        StrategyRun raw = runs.stream().filter(r -> r.kind() == StrategyKind.RAW && r.metaLong("audioCtxClips") > 0)
                .findFirst().orElse(null);
        if (raw == null || raw.metaLong("audioCtxFullMs") <= 0 || raw.metaLong("audioCtxSizedMs") <= 0) {
            return;
        }
        long full = raw.metaLong("audioCtxFullMs");
        long sized = raw.metaLong("audioCtxSizedMs");
        long n = raw.metaLong("audioCtxClips");
        s.append(String.format(Locale.ROOT, "## Encoder window sized to the clip (raw engine probe, round %d)%n%n"
                + "whisper.cpp's audio_ctx (whisper-jni `WhisperFullParams.audioCtx`) set to the clip's length plus "
                + "a margin instead of the 30 s window: %d short clips solo, 1 thread, raw engine: %.2f s → %.2f s "
                + "(%.1f× small-lane throughput); %d of %d texts changed. Accuracy can only be judged with a real "
                + "model.%n%n", raw.round(), n, full / 1000.0 / n, sized / 1000.0 / n, full / (double) sized,
                raw.metaLong("audioCtxChangedTexts"), n));
    }

    static void appendSweep(StringBuilder s, List<StrategyMetrics> sweep) {
        if (sweep.isEmpty()) {
            return;
        }
        s.append("## Pool size and threads per slot (burst only, one run each; pool without the small-lane "
                + "reservation)\n\n");
        s.append("| slots | threads per slot | throughput, audio s/s | × raw (median) | burst short p95 | peak RSS | "
                + "outcome |\n|---|---|---|---|---|---|---|\n");
        for (StrategyMetrics m : sweep) {
            s.append(String.format(Locale.ROOT, "| %d | %d | %s | %s | %s | %s | %s |%n", m.run().slots(),
                    m.run().threads(), m.throughput() < 0 ? "—" : String.format(Locale.ROOT, "%.1f", m.throughput()),
                    BenchReport.ratio(m.fractionOfRaw()), m.burstShortLatency().isEmpty() ? "—"
                            : BenchReport.secs(m.burstShortLatency().at(95)), BenchReport.mib(m.peakRssKb()),
                    m.verdict()));
        }
        sweep.stream().filter(m -> m.throughput() > 0).max(Comparator.comparingDouble(StrategyMetrics::throughput))
                .ifPresent(best -> s.append(String.format(Locale.ROOT, "%nHighest throughput: %d slots × %d "
                        + "threads, %s of raw.%n", best.run().slots(), best.run().threads(),
                        BenchReport.ratio(best.fractionOfRaw()))));
    }
}
