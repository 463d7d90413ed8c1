package io.asrhub.bench;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The report's "against the targets" section: issue 20's targets for the worker path, met or missed by how much. */
final class WorkerTargets {
    private WorkerTargets() {
    }

    static void append(StringBuilder s, List<StrategySummary> rows) {
        Optional<StrategySummary> worker = find(rows, StrategyKind.WORKER);
        Optional<StrategySummary> fifo = find(rows, StrategyKind.WORKER_FIFO);
        Optional<StrategySummary> pool = find(rows, StrategyKind.POOL);
        Optional<StrategySummary> processes = find(rows, StrategyKind.PROCESSES);
        if (worker.isEmpty() && pool.isEmpty()) {
            return;
        }
        s.append("## Against the targets (issue 20)\n\n");
        worker.ifPresent(w -> {
            s.append(line("worker, short-clip p95 × solo under the mixed load", w.p95OverCommonSolo(), 1.5, true));
            fifo.ifPresent(f -> s.append(String.format(Locale.ROOT, "  (one FIFO lane: %s)%n",
                    BenchReport.cell(f.p95OverCommonSolo(), BenchReport::times))));
            s.append(line("worker, long files' worst completion × one FIFO lane's", w.longMaxOverFifo(), 1.1, true));
            s.append(line("worker, slot use while work is queued, mixed load", w.slotUse(), 0.9, false));
            s.append(String.format(Locale.ROOT, "  (burst: %s)%n", BenchReport.cell(w.burstSlotUse(),
                    BenchReport::ratio)));
            s.append(line("worker (Kafka path), burst throughput × raw", w.fractionOfRaw(), 0.95, false));
            fifo.ifPresent(f -> s.append(String.format(Locale.ROOT, "  (one FIFO lane: %s)%n",
                    BenchReport.cell(f.fractionOfRaw(), BenchReport::ratio))));
        });
        pool.ifPresent(p -> {
            s.append(line("in-process pool, short-clip p95 × solo", p.p95OverCommonSolo(), 1.5, true));
            s.append(line("in-process pool, burst throughput × raw", p.fractionOfRaw(), 0.95, false));
            processes.ifPresent(pr -> {
                double ratio = p.peakRssKb().median() / pr.peakRssKb().median();
                s.append(String.format(Locale.ROOT, "- peak memory, the slots in one pool vs as many model "
                        + "processes: %s vs %s (%.2f)%n", BenchReport.mib(p.peakRssKb().median()),
                        BenchReport.mib(pr.peakRssKb().median()), ratio));
            });
        });
        s.append('\n');
    }

    private static String line(String what, StrategySummary.Spread v, double target, boolean atMost) {
        if (!v.measured()) {
            return "- " + what + ": not measured\n";
        }
        boolean met = atMost ? v.median() <= target : v.median() >= target;
        String verdict = met ? "met" : String.format(Locale.ROOT, "missed by %.0f %%",
                100 * Math.abs(v.median() - target) / target);
        return String.format(Locale.ROOT, "- %s: **%s** (target %s %.2f: %s)%n", what,
                BenchReport.cell(v, BenchReport::ratio), atMost ? "≤" : "≥", target, verdict);
    }

    private static Optional<StrategySummary> find(List<StrategySummary> rows, StrategyKind kind) {
        return rows.stream().filter(r -> r.kind() == kind).findFirst();
    }
}
