package io.asrhub.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One strategy's child JVM: how it ended (exit code, timeout) and what it wrote. A child that
 * crashed or hung leaves no results; the report says so instead of omitting the row.
 */
record StrategyRun(StrategyKind kind, int round, int slots, int threads, int exitCode, boolean timedOut,
                   String stderrTail, Map<String, String> meta, List<JobRecord> jobs, CpuUse cpu) {

    /**
     * What one child runs: a strategy in a round (0: calibration or sweep) at a layout, its scenarios,
     * {@code soloRuns} warm solo clips, and (raw only) the fitted-window probe.
     */
    record Spec(StrategyKind kind, int round, int slots, int threads, int reserved, List<String> scenarios,
                int soloRuns, boolean probe) {
        String name() {
            return kind.id() + "-" + slots + "x" + threads + "-r" + reserved + "-round" + round + "-"
                    + (scenarios.isEmpty() ? "solo" : String.join("+", scenarios));
        }
    }

    boolean completed() {
        return !timedOut && exitCode == 0 && meta.containsKey("peakRssKb");
    }

    long metaLong(String key) {
        return Long.parseLong(meta.getOrDefault(key, "-1"));
    }

    double metaDouble(String key) {
        return Double.parseDouble(meta.getOrDefault(key, "-1"));
    }

    List<JobRecord> jobs(String scenario) {
        return jobs.stream().filter(j -> j.scenario().equals(scenario)).toList();
    }

    /**
     * Starts {@link StrategyChildMain} for {@code spec} and waits up to {@code timeoutMs} for it; the CPU
     * it and its reaped children used, and what the rest of the machine used meanwhile, are measured.
     */
    static StrategyRun execute(Spec spec, Path model, Path workloadDir, String workerSet, int cores,
                               long scenarioDeadlineMs, long timeoutMs, Path workDir)
            throws IOException, InterruptedException {
        // unique per configuration and round: no run overwrites another's results
        String name = spec.name();
        Path out = workDir.resolve(name + ".tsv");
        Path err = workDir.resolve(name + ".stderr");
        Path crash = workDir.resolve(name + ".hs_err.log");
        Files.deleteIfExists(out);
        Files.deleteIfExists(crash);
        List<String> args = List.of("strategy=" + spec.kind().id(), "model=" + model, "slots=" + spec.slots(),
                "threads=" + spec.threads(), "reserved=" + spec.reserved(), "workload=" + workloadDir,
                "scenarios=" + String.join(",", spec.scenarios()), "solo-runs=" + spec.soloRuns(),
                "probe=" + spec.probe(), "deadline-ms=" + scenarioDeadlineMs, "out=" + out,
                "work-dir=" + workDir.resolve("run-" + name), "worker-set=" + workerSet);
        CpuUse.Mark before = CpuUse.mark();
        Process p = new ProcessBuilder(JavaCommand.of(StrategyChildMain.class, "1g", crash, args))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(err.toFile()).start();
        boolean finished = p.waitFor(timeoutMs, TimeUnit.MILLISECONDS);
        if (!finished) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly().waitFor();
        }
        CpuUse cpu = CpuUse.between(before, CpuUse.mark(), cores);
        StrategyRun run = read(spec.kind(), spec.slots(), spec.threads(), finished ? p.exitValue() : -1, !finished,
                crashFrame(crash).orElse(tail(err)), out);
        return new StrategyRun(spec.kind(), spec.round(), spec.slots(), spec.threads(), run.exitCode(),
                run.timedOut(), run.stderrTail(), run.meta(), run.jobs(), cpu);
    }

    /** Reads a child's result file (what it wrote before it ended, however it ended). */
    static StrategyRun read(StrategyKind kind, int slots, int threads, int exitCode, boolean timedOut, String stderrTail,
                            Path out) throws IOException {
        Map<String, String> meta = new HashMap<>();
        List<JobRecord> jobs = new ArrayList<>();
        if (Files.isRegularFile(out)) {
            for (String line : Files.readAllLines(out)) {
                if (line.startsWith("meta\t")) {
                    String[] f = line.split("\t", 3);
                    meta.put(f[1], f.length > 2 ? f[2] : "");
                } else if (line.startsWith(JobRecord.PREFIX + "\t")) {
                    jobs.add(JobRecord.parse(line));
                }
            }
        }
        return new StrategyRun(kind, 0, slots, threads, exitCode, timedOut, stderrTail, meta, jobs,
                new CpuUse(0, 0, 0, 0, 1));
    }

    /** From a JVM fatal-error report: the signal and the native frame, e.g. "SIGSEGV in libggml.so ggml_vec_dot_f16". */
    private static java.util.Optional<String> crashFrame(Path report) throws IOException {
        if (!Files.isRegularFile(report)) {
            return java.util.Optional.empty();
        }
        String signal = "";
        for (String line : Files.readAllLines(report)) {
            java.util.regex.Matcher sig = java.util.regex.Pattern.compile("^#\\s+(SIG[A-Z]+)").matcher(line);
            if (sig.find() && signal.isEmpty()) {
                signal = sig.group(1);
            }
            java.util.regex.Matcher frame = java.util.regex.Pattern.compile("^# [CJjV]\\s+\\[([^+\\]]+)[^\\]]*\\]\\s*(\\S*)")
                    .matcher(line);
            if (frame.find()) {
                return java.util.Optional.of((signal + " in " + frame.group(1) + " "
                        + frame.group(2).replaceFirst("\\+0x.*", "")).strip());
            }
        }
        return java.util.Optional.of(signal);
    }

    private static String tail(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            return "";
        }
        List<String> lines = Files.readAllLines(file);
        return String.join(" | ", lines.subList(Math.max(0, lines.size() - 3), lines.size())).strip();
    }
}
