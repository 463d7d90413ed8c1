package io.asrhub.bench;

import java.util.Arrays;
import java.util.List;

/** Nearest-rank percentiles of a sample (no interpolation: every reported value was observed). */
final class Percentiles {
    private final long[] sorted;

    Percentiles(List<Long> values) {
        sorted = values.stream().mapToLong(Long::longValue).sorted().toArray();
    }

    boolean isEmpty() {
        return sorted.length == 0;
    }

    int count() {
        return sorted.length;
    }

    /** {@code p} in (0, 100]; -1 for an empty sample. */
    long at(double p) {
        if (sorted.length == 0) {
            return -1;
        }
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.min(sorted.length, Math.max(rank, 1)) - 1];
    }

    long max() {
        return sorted.length == 0 ? -1 : sorted[sorted.length - 1];
    }

    double mean() {
        return Arrays.stream(sorted).average().orElse(-1);
    }
}
