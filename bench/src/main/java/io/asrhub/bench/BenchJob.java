package io.asrhub.bench;

import java.nio.file.Path;

/** One request of a benchmark scenario: which clip, how long it is, and when it arrives (ms after start). */
record BenchJob(int id, Size size, Path clip, long audioMs, long arrivalMs) {
    /** Short clips (the small lane) and long files; latency targets apply to short ones. */
    enum Size { SHORT, LONG }

    String toLine() {
        return id + "\t" + size + "\t" + clip + "\t" + audioMs + "\t" + arrivalMs;
    }

    static BenchJob parse(String line) {
        String[] f = line.split("\t");
        return new BenchJob(Integer.parseInt(f[0]), Size.valueOf(f[1]), Path.of(f[2]), Long.parseLong(f[3]),
                Long.parseLong(f[4]));
    }
}
