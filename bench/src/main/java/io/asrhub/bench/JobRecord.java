package io.asrhub.bench;

/**
 * What happened to one job: latency from arrival to result, and the text (or the error). Written by
 * the strategy's child process, read back by the parent.
 */
record JobRecord(String scenario, int id, BenchJob.Size size, String clip, long audioMs, long arrivalMs,
                 long latencyMs, boolean ok, String text) {
    static final String PREFIX = "job";

    String toLine() {
        return String.join("\t", PREFIX, scenario, String.valueOf(id), size.name(), clip, String.valueOf(audioMs),
                String.valueOf(arrivalMs), String.valueOf(latencyMs), String.valueOf(ok), clean(text));
    }

    static JobRecord parse(String line) {
        String[] f = line.split("\t", 10);
        return new JobRecord(f[1], Integer.parseInt(f[2]), BenchJob.Size.valueOf(f[3]), f[4], Long.parseLong(f[5]),
                Long.parseLong(f[6]), Long.parseLong(f[7]), Boolean.parseBoolean(f[8]), f.length > 9 ? f[9] : "");
    }

    /** Completion time relative to the scenario's start. */
    long finishedAtMs() {
        return arrivalMs + latencyMs;
    }

    private static String clean(String s) {
        return s == null ? "" : s.replace('\t', ' ').replace('\n', ' ');
    }
}
