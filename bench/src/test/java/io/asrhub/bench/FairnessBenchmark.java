package io.asrhub.bench;

import io.asrhub.broker.LocalKafkaBroker;
import io.asrhub.records.Lane;
import io.asrhub.schema.TranscriptResult;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Fairness between producers, end to end through a real broker: tenant A floods the small lane
 * with FLOOD jobs at once, tenant B trickles one job every 400 ms while A's backlog drains. Setups
 * (fairness off / on, and the read-ahead R) alternate round by round; prints queue-wait p50/p95
 * per tenant. Scripted engine ({@link ScriptedWorker}): 2 slots, 40 ms per job, 6 partitions.
 * Usage: scripts/bench FairnessBenchmark [ROUNDS] [FLOOD]
 */
public final class FairnessBenchmark {
    private static final int PARTITIONS = 6;
    private static final int SLOTS = 2;
    private static final long WORK_MS = 40;
    private static final int TRICKLE = 12;
    private static final long TRICKLE_EVERY_MS = 400;

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        int flood = args.length > 1 ? Integer.parseInt(args[1]) : 300;
        Map<String, Map<String, String>> setups = new LinkedHashMap<>();
        setups.put("off, R=16", Map.of("lanes.tenant-fairness", "false", "worker.max-queued-per-partition", "16"));
        setups.put("on, R=2 (default)", Map.of("lanes.tenant-fairness", "true", "worker.max-queued-per-partition", "2"));
        setups.put("on, R=16", Map.of("lanes.tenant-fairness", "true", "worker.max-queued-per-partition", "16"));
        setups.put("on, R=64", Map.of("lanes.tenant-fairness", "true", "worker.max-queued-per-partition", "64"));
        AdmissionStats stats = new AdmissionStats();
        try (LocalKafkaBroker broker = LocalKafkaBroker.start(Path.of("target", "kafka-bench"))) {
            for (int round = 1; round <= rounds; round++) {
                System.out.printf("round %d%n", round);
                for (Map.Entry<String, Map<String, String>> setup : setups.entrySet()) {
                    Map<String, String> overrides = new LinkedHashMap<>(setup.getValue());
                    overrides.put("lanes.small-reserved-slots", "0");
                    try (ScriptedWorker w = ScriptedWorker.start(broker, PARTITIONS, SLOTS, WORK_MS, overrides)) {
                        round(w, flood, setup.getKey(), stats);
                    }
                }
            }
        }
        stats.print(String.format("queue wait per tenant: A floods %d jobs at once, B sends %d, one per %d ms; "
                + "%d slots, %d ms per job, %d partitions, %d rounds", flood, TRICKLE, TRICKLE_EVERY_MS, SLOTS,
                WORK_MS, PARTITIONS, rounds));
    }

    private static void round(ScriptedWorker w, int flood, String setup, AdmissionStats stats) throws Exception {
        Set<String> a = new HashSet<>();
        Set<String> b = new HashSet<>(); // filled on the pacing thread, read after it finished
        for (int i = 0; i < flood; i++) {
            String id = "a-" + i;
            w.send(Lane.SMALL, id, "A");
            a.add(id);
        }
        w.flush();
        Duration every = Duration.ofMillis(TRICKLE_EVERY_MS);
        Paced.run(TRICKLE, every, every, i -> {
            String id = "b-" + i;
            w.send(Lane.SMALL, id, "B");
            w.flush();
            b.add(id);
        }, every.multipliedBy(TRICKLE).plusMinutes(1));
        Set<String> all = new HashSet<>(a);
        all.addAll(b);
        Map<String, TranscriptResult> results = w.await(all, Duration.ofMinutes(5));
        stats.add(setup, "A", waits(results, a));
        stats.add(setup, "B", waits(results, b));
    }

    static List<Long> waits(Map<String, TranscriptResult> results, Set<String> ids) {
        List<Long> out = new ArrayList<>();
        ids.forEach(id -> out.add(results.get(id).getQueueWaitMs()));
        return out;
    }
}
