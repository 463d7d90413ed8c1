package io.asrhub.bench;

import io.asrhub.broker.LocalKafkaBroker;
import io.asrhub.records.Lane;
import io.asrhub.schema.TranscriptResult;

import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Lane aging, end to end through a real broker: a sustained flood of small jobs above capacity
 * (60/s against 2 slots of 50 ms, one reserved for the small lane) for FLOOD_S seconds, with a
 * medium job every 3 s and a large one every 5 s (each 850 ms). Aging off and on alternate round
 * by round; prints queue-wait p50/p95 per lane. Scripted engine ({@link ScriptedWorker}).
 * Usage: scripts/bench AgingBenchmark [ROUNDS] [FLOOD_S]
 */
public final class AgingBenchmark {
    private static final int PARTITIONS = 3;
    private static final int SLOTS = 2;
    private static final long WORK_MS = 50;
    private static final int SMALL_PER_SECOND = 60;

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        int floodSeconds = args.length > 1 ? Integer.parseInt(args[1]) : 15;
        Map<String, String> setups = new LinkedHashMap<>();
        setups.put("aging off (0)", "0");
        setups.put("aging-ms 2000", "2000");
        AdmissionStats stats = new AdmissionStats();
        try (LocalKafkaBroker broker = LocalKafkaBroker.start(Path.of("target", "kafka-bench"))) {
            for (int round = 1; round <= rounds; round++) {
                System.out.printf("round %d%n", round);
                for (Map.Entry<String, String> setup : setups.entrySet()) {
                    Map<String, String> overrides = Map.of("lanes.aging-ms", setup.getValue(),
                            "lanes.small-reserved-slots", "1", "worker.max-queued-per-partition", "16");
                    try (ScriptedWorker w = ScriptedWorker.start(broker, PARTITIONS, SLOTS, WORK_MS, overrides)) {
                        round(w, floodSeconds, setup.getKey(), stats);
                    }
                }
            }
        }
        stats.print(String.format("queue wait per lane: %d small jobs/s for %d s (%d slots x %d ms, 1 reserved "
                + "for small), a medium job every 3 s, a large one every 5 s (850 ms each), %d rounds",
                SMALL_PER_SECOND, floodSeconds, SLOTS, WORK_MS, rounds));
    }

    private static void round(ScriptedWorker w, int floodSeconds, String setup, AdmissionStats stats)
            throws Exception {
        Map<Lane, Set<String>> ids = new EnumMap<>(Lane.class);
        for (Lane lane : Lane.values()) {
            ids.put(lane, new HashSet<>());
        }
        int ticks = floodSeconds * 10;
        // 10 batches per second, the first at once (the ids' sets are filled on the pacing thread)
        Paced.run(ticks, Duration.ofMillis(100), Duration.ZERO, tick -> {
            for (int i = 0; i < SMALL_PER_SECOND / 10; i++) {
                send(w, Lane.SMALL, "small-" + tick + "-" + i, ids);
            }
            if (tick % 30 == 15) {
                send(w, Lane.MEDIUM, "medium-slow-" + tick, ids);
            }
            if (tick % 50 == 25) {
                send(w, Lane.LARGE, "large-slow-" + tick, ids);
            }
            w.flush();
        }, Duration.ofSeconds(floodSeconds).plusMinutes(1));
        Set<String> all = new HashSet<>();
        ids.values().forEach(all::addAll);
        Map<String, TranscriptResult> results = w.await(all, Duration.ofMinutes(5));
        for (Lane lane : Lane.values()) {
            stats.add(setup, lane.name().toLowerCase(java.util.Locale.ROOT),
                    FairnessBenchmark.waits(results, ids.get(lane)));
        }
    }

    private static void send(ScriptedWorker w, Lane lane, String id, Map<Lane, Set<String>> ids) {
        w.send(lane, id, null);
        ids.get(lane).add(id);
    }
}
