package io.asrhub.bench;

import io.asrhub.errors.AsrException;
import io.asrhub.errors.ErrorCode;
import io.asrhub.testkit.GeneratedWhisperModel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@code asr-hub bench strategies}: the design document's strategies side by side; see docs/benchmarks.md. */
@Command(name = "strategies", mixinStandardHelpOptions = true,
        description = {"Run global lock, asr-hub's pool, a priority queue, one process per model, no lock, the "
                + "asr-hub worker through Kafka (default routing, and one FIFO lane) and the raw engine on the same "
                + "generated speech workload, in alternating rounds; write a Markdown table and an SVG chart.",
                "Needs espeak-ng and sox. Each strategy replays --duration of Poisson arrivals at a fixed load and a "
                        + "burst in its own JVM, once per round; see docs/benchmarks.md for the time it takes. "
                        + "Run it on an otherwise idle machine."})
final class BenchStrategiesCommand implements Callable<Integer> {
    private static final Pattern DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|s|m)?");

    @Spec
    CommandSpec spec;

    @Option(names = "--model", paramLabel = "PATH", description = "whisper ggml model (default: a generated "
            + "random-weight model with the dimensions of --generate)")
    Path model;

    @Option(names = "--generate", paramLabel = "DIMS", defaultValue = "tiny.en",
            description = "dimensions of the generated model without --model: tiny.en, base.en or test (default: ${DEFAULT-VALUE})")
    String generate;

    @Option(names = "--slots", paramLabel = "N", description = "recognizer slots of every strategy (the global lock "
            + "and priority queue run one at a time) (default: cores)")
    Integer slots;

    @Option(names = "--threads", paramLabel = "T", defaultValue = "1", description = "threads per slot, every strategy "
            + "(default: ${DEFAULT-VALUE})")
    int threads;

    @Option(names = "--load", paramLabel = "A", description = "offered load in audio seconds per second (default: "
            + "--rate x the median of 3 raw-ceiling runs; printed, so another run can offer the same)")
    Double load;

    @Option(names = "--rounds", paramLabel = "N", defaultValue = "3",
            description = "rounds; every strategy runs once per round, the order rotated (default: ${DEFAULT-VALUE})")
    int rounds;

    @Option(names = "--strategies", paramLabel = "LIST", defaultValue = StrategiesBenchmark.DEFAULT_STRATEGIES,
            description = "comma-separated, or all: global-lock, pool, priority, processes, no-lock, worker, "
                    + "worker-whole, worker-fifo (raw always runs) (default: ${DEFAULT-VALUE})")
    String strategies;

    @Option(names = "--worker-set", paramLabel = "KEY=VALUE", description = "a worker setting for the worker "
            + "strategies (repeatable), e.g. chunking.distributed=large")
    java.util.List<String> workerSet = new java.util.ArrayList<>();

    @Option(names = "--mix", paramLabel = "SHORT:LONG", defaultValue = "80:20",
            description = "share of ~5 s clips and long files (default: ${DEFAULT-VALUE})")
    String mix;

    @Option(names = "--duration", paramLabel = "D", defaultValue = "30s",
            description = "length of the Poisson arrival window, e.g. 45s, 2m (default: ${DEFAULT-VALUE})")
    String duration;

    @Option(names = "--rate", paramLabel = "R", defaultValue = "0.7",
            description = "without --load: the offered load as a fraction of the raw ceiling (default: ${DEFAULT-VALUE})")
    double rate;

    @Option(names = "--burst", paramLabel = "N", defaultValue = "8", description = "jobs in the burst case (default: ${DEFAULT-VALUE})")
    int burst;

    @Option(names = "--long-seconds", paramLabel = "S", defaultValue = "180",
            description = "length of the long files (default: ${DEFAULT-VALUE})")
    int longSeconds;

    @Option(names = "--sweep", negatable = true, defaultValue = "false", fallbackValue = "true",
            description = "also sweep pool size 1..2 x cores and threads per slot 1..cores (default: off)")
    boolean sweep;

    @Option(names = "--seed", defaultValue = "42", description = "workload seed (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "docs/benchmarks",
            description = "where strategies.md and the chart go (default: ${DEFAULT-VALUE})")
    Path out;

    @Option(names = "--work-dir", paramLabel = "DIR", description = "generated models, speech and raw results "
            + "(default: ~/.cache/asr-hub/bench)")
    Path workDir;

    @Override
    public Integer call() throws AsrException {
        if (model != null && !Files.isRegularFile(model)) {
            throw new AsrException(ErrorCode.MODEL_MISSING, model + ": no such model file");
        }
        int cores = Runtime.getRuntime().availableProcessors();
        BenchOptions options;
        try {
            options = new BenchOptions(model, GeneratedWhisperModel.Dimensions.parse(generate),
                    slots != null ? slots : cores, threads, cores, BenchOptions.longFractionOf(mix),
                    durationMs(duration), rate, load, rounds, StrategyKind.parseList(strategies),
                    workerSettings(), burst, longSeconds, sweep, seed, out,
                    workDir != null ? workDir : Path.of(System.getProperty("user.home"), ".cache", "asr-hub", "bench"),
                    commandLine());
        } catch (IllegalArgumentException e) {
            throw new AsrException(ErrorCode.CONFIG_INVALID, e.getMessage());
        }
        Path report = new StrategiesBenchmark(options, System.err).run();
        System.out.println(report);
        return 0;
    }

    /** The command as typed, for the report (picocli keeps the top-level command's original arguments). */
    private String commandLine() {
        CommandSpec root = spec;
        while (root.parent() != null) {
            root = root.parent();
        }
        return "asr-hub " + String.join(" ", root.commandLine().getParseResult().originalArgs());
    }

    private String workerSettings() {
        for (String kv : workerSet) {
            if (kv.indexOf('=') <= 0 || kv.contains(";")) {
                throw new IllegalArgumentException("--worker-set must look like KEY=VALUE, got " + kv);
            }
        }
        return String.join(";", workerSet);
    }

    static long durationMs(String text) {
        Matcher m = DURATION.matcher(text.strip());
        if (!m.matches()) {
            throw new IllegalArgumentException("--duration must look like 45s, 2m or 500ms, got " + text);
        }
        double v = Double.parseDouble(m.group(1));
        String unit = m.group(2) == null ? "s" : m.group(2);
        return Math.round(switch (unit) {
            case "ms" -> v;
            case "m" -> v * 60_000;
            default -> v * 1000;
        });
    }
}
