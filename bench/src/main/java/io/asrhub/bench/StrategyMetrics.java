package io.asrhub.bench;

import java.util.List;
import java.util.Map;

/**
 * The numbers one strategy's run yields. Latency comes from the Poisson scenario (the mixed load);
 * throughput from the burst (a saturated machine, where throughput means capacity rather than the
 * offered rate). Short clips' text is checked against the raw engine's transcript of the same clip.
 */
record StrategyMetrics(StrategyRun run, Percentiles shortLatency, long soloShortMs, Percentiles longLatency,
                       Percentiles burstShortLatency, double throughput, double fractionOfRaw, long peakRssKb,
                       long startupMs, int failed, int wrongText, int jobs, double slotUse, double burstSlotUse) {

    static StrategyMetrics of(StrategyRun run, Map<String, String> referenceText, double rawThroughput) {
        List<JobRecord> poisson = run.jobs(Workload.POISSON);
        List<JobRecord> burst = run.jobs(Workload.BURST);
        double throughput = run.completed() ? throughput(burst) : -1; // a crashed run's burst is partial
        int failed = 0;
        int wrong = 0;
        for (JobRecord r : run.jobs()) {
            if (!r.ok()) {
                failed++;
            } else if (r.size() == BenchJob.Size.SHORT && referenceText.containsKey(r.clip())
                    && !referenceText.get(r.clip()).equals(r.text())) {
                // long files are not compared: the worker cuts them into pieces at pauses, not at the
                // engine's 30 s windows, so their text legitimately differs from the whole-file text
                wrong++;
            }
        }
        return new StrategyMetrics(run, latency(poisson, BenchJob.Size.SHORT), run.metaLong("soloShortMs"),
                latency(poisson, BenchJob.Size.LONG), latency(burst, BenchJob.Size.SHORT), throughput,
                rawThroughput > 0 && throughput > 0 ? throughput / rawThroughput : -1, run.metaLong("peakRssKb"),
                run.metaLong("startupMs"), failed, wrong, run.jobs().size(),
                run.metaDouble("slotUse." + Workload.POISSON), run.metaDouble("slotUse." + Workload.BURST));
    }

    private static Percentiles latency(List<JobRecord> jobs, BenchJob.Size size) {
        return new Percentiles(jobs.stream().filter(j -> j.ok() && j.size() == size).map(JobRecord::latencyMs).toList());
    }

    /** Audio seconds per wall second over the burst: all its audio / (last result - first arrival). */
    static double throughput(List<JobRecord> burst) {
        if (burst.isEmpty() || burst.stream().anyMatch(j -> !j.ok())) {
            return -1;
        }
        long first = burst.stream().mapToLong(JobRecord::arrivalMs).min().orElse(0);
        long last = burst.stream().mapToLong(JobRecord::finishedAtMs).max().orElse(0);
        double audioS = burst.stream().mapToLong(JobRecord::audioMs).sum() / 1000.0;
        return last > first ? audioS / ((last - first) / 1000.0) : -1;
    }

    double p95OverSolo() {
        return p95Over(soloShortMs);
    }

    /** Short-clip p95 under the mixed load as a multiple of {@code soloMs} (e.g. the common raw baseline). */
    double p95Over(long soloMs) {
        return soloMs > 0 && !shortLatency.isEmpty() ? shortLatency.at(95) / (double) soloMs : -1;
    }

    /** For the no-lock experiment above all: what happened, in one word plus detail. */
    String verdict() {
        if (run.timedOut()) {
            return "hang (killed after the time limit)";
        }
        if (!run.completed()) {
            return "crash (exit " + run.exitCode() + (run.stderrTail().isBlank() ? "" : ": " + run.stderrTail()) + ")"
                    + " after " + (jobs - failed) + " results" + (wrongText > 0 ? ", " + wrongText + " of them garbled" : "");
        }
        if (wrongText > 0) {
            return "garbled (" + wrongText + " of " + jobs + " texts wrong)";
        }
        return failed > 0 ? failed + " of " + jobs + " failed" : "fine";
    }
}
