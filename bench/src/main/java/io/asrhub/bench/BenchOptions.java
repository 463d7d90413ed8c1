package io.asrhub.bench;

import io.asrhub.testkit.GeneratedWhisperModel;

import java.nio.file.Path;
import java.util.List;

/**
 * Settings of one {@code bench strategies} run. {@code model} null means: generate a random-weight model
 * with {@code generatedDims}. {@code load} is the offered Poisson load in audio seconds per second; null
 * means {@code rate} × the median of the raw-ceiling calibration runs. {@code workerSettings} are extra
 * worker settings for the worker strategies, {@code k=v;k=v}.
 */
public record BenchOptions(Path model, GeneratedWhisperModel.Dimensions generatedDims, int slots, int threads,
                           int cores, double longFraction, long durationMs, double rate, Double load, int rounds,
                           List<StrategyKind> strategies, String workerSettings, int burstJobs, int longSeconds,
                           boolean sweep, long seed, Path outDir, Path workDir, String command) {
    public BenchOptions {
        if (rounds < 1) {
            throw new IllegalArgumentException("--rounds must be at least 1");
        }
        if (load != null && load <= 0) {
            throw new IllegalArgumentException("--load must be positive (audio seconds per second)");
        }
        if (!strategies.contains(StrategyKind.RAW)) { // every round's baseline: solo time and ceiling
            strategies = java.util.stream.Stream.concat(strategies.stream(), java.util.stream.Stream.of(StrategyKind.RAW))
                    .toList();
        }
        strategies = List.copyOf(strategies);
        if (slots < 1 || threads < 1 || cores < 1 || burstJobs < 1 || longSeconds < 1) {
            throw new IllegalArgumentException("slots, threads, burst and long-seconds must be at least 1");
        }
        if (longFraction < 0 || longFraction > 1) {
            throw new IllegalArgumentException("the long share of the mix must be between 0 and 100%");
        }
        if (rate <= 0 || durationMs <= 0) {
            throw new IllegalArgumentException("rate and duration must be positive");
        }
    }

    /** "80:20" -> 0.2, the long files' share of the jobs. */
    public static double longFractionOf(String mix) {
        String[] parts = mix.split(":");
        if (parts.length != 2) {
            throw new IllegalArgumentException("--mix must look like 80:20 (short:long), got " + mix);
        }
        double shortShare = Double.parseDouble(parts[0]);
        double longShare = Double.parseDouble(parts[1]);
        if (shortShare < 0 || longShare < 0 || shortShare + longShare <= 0) {
            throw new IllegalArgumentException("--mix shares must be non-negative, got " + mix);
        }
        return longShare / (shortShare + longShare);
    }
}
