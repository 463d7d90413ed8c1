package io.asrhub.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Queue waits of several rounds per setup and group (tenant or lane): per round p50/p95 of the
 * group's jobs, then over rounds the median of each with its spread (min–max).
 */
final class AdmissionStats {
    /** setup -> group -> one [p50, p95] per round. */
    private final Map<String, Map<String, List<long[]>>> rounds = new LinkedHashMap<>();

    void add(String setup, String group, List<Long> waitsMs) {
        Percentiles p = new Percentiles(waitsMs);
        rounds.computeIfAbsent(setup, s -> new LinkedHashMap<>()).computeIfAbsent(group, g -> new ArrayList<>())
                .add(new long[]{p.at(50), p.at(95)});
        System.out.printf("    %-22s %-8s n=%3d  p50 %6d ms  p95 %6d ms%n", setup, group, p.count(), p.at(50), p.at(95));
    }

    void print(String title) {
        System.out.println(title);
        System.out.printf("  %-22s %-8s %-26s %-26s%n", "setup", "group", "queue wait p50 (median, min–max)",
                "p95 (median, min–max)");
        rounds.forEach((setup, groups) -> groups.forEach((group, list) -> System.out.printf(
                "  %-22s %-8s %-26s %-26s%n", setup, group, summary(list, 0), summary(list, 1))));
    }

    private static String summary(List<long[]> list, int which) {
        List<Long> values = list.stream().map(v -> v[which]).sorted().toList();
        return String.format("%d ms (%d–%d)", values.get(values.size() / 2), values.get(0),
                values.get(values.size() - 1));
    }
}
