package io.asrhub.topics;

import io.asrhub.config.Definition;
import io.asrhub.config.Rule;
import io.asrhub.config.Settings;
import io.asrhub.config.ValueType;
import io.asrhub.errors.AsrException;
import io.asrhub.kafka.WorkerSettings;
import io.asrhub.pieces.PieceTopics;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How asr-hub's topics should be provisioned: replication, min.insync.replicas, partitions and
 * retention per kind of topic. The one definition of the {@code topics.replication-factor},
 * {@code topics.min-insync-replicas}, {@code topics.partitions.*} and {@code topics.retention-ms.*} keys.
 * Replication and min ISR left unset follow the cluster: see {@link #replicationFor(int)}.
 */
public record TopicLayout(Integer replicationFactor, Integer minInsyncReplicas, int lanePartitions,
                          int resultPartitions, int deadLetterPartitions, int piecePartitions, int progressPartitions,
                          long laneRetentionMs, long pieceRetentionMs, long resultRetentionMs,
                          long deadLetterRetentionMs, long progressRetentionMs) {
    private static final long DAY_MS = 24L * 3600 * 1000;
    private static final Rule<Number> PARTITIONS_OR_REPLICAS = Rule.between(1, Short.MAX_VALUE);

    public static final Definition<Integer> REPLICATION = Definition.of("topics.replication-factor",
            ValueType.INT_OR_AUTO, null, "replicas of every topic (default or auto: min(3, brokers in the cluster))")
            .check(PARTITIONS_OR_REPLICAS).documentedDefault("min(3, brokers in the cluster)");
    public static final Definition<Integer> MIN_ISR = Definition.of("topics.min-insync-replicas",
            ValueType.INT_OR_AUTO, null, "min.insync.replicas of every topic (default or auto: 2 when replication >= 3, else 1)")
            .check(PARTITIONS_OR_REPLICAS).documentedDefault("2 when replication ≥ 3, else 1");
    public static final Definition<Integer> LANE_PARTITIONS = partitions("topics.partitions.lanes", 6,
            "partitions of each lane topic");
    public static final Definition<Integer> RESULT_PARTITIONS = partitions("topics.partitions.results", null,
            "partitions of the results topic (default: as the lanes)");
    public static final Definition<Integer> DEAD_LETTER_PARTITIONS = partitions("topics.partitions.dead-letters", 3,
            "partitions of the dead-letter topic");
    public static final Definition<Integer> PIECE_PARTITIONS = partitions("topics.partitions.pieces", null,
            "partitions of the pieces and piece-results topics (default: as the lanes)");
    public static final Definition<Integer> PROGRESS_PARTITIONS = partitions("topics.partitions.progress", null,
            "partitions of the progress topic (default: as the lanes)");
    public static final Definition<Long> LANE_RETENTION = retention("topics.retention-ms.lanes", DAY_MS,
            "retention of the lane topics (they carry audio)");
    public static final Definition<Long> PIECE_RETENTION = retention("topics.retention-ms.pieces", DAY_MS,
            "retention of the pieces topic (it carries audio)");
    public static final Definition<Long> RESULT_RETENTION = retention("topics.retention-ms.results", 7 * DAY_MS,
            "retention of the results and piece-results topics");
    public static final Definition<Long> DEAD_LETTER_RETENTION = retention("topics.retention-ms.dead-letters",
            3 * DAY_MS, "retention of the dead-letter topic (it carries the original audio)");
    public static final Definition<Long> PROGRESS_RETENTION = retention("topics.retention-ms.progress", DAY_MS,
            "retention of the progress topic");

    public static final List<Definition<?>> DEFINITIONS = List.of(REPLICATION, MIN_ISR, LANE_PARTITIONS,
            RESULT_PARTITIONS, DEAD_LETTER_PARTITIONS, PIECE_PARTITIONS, PROGRESS_PARTITIONS, LANE_RETENTION,
            PIECE_RETENTION, RESULT_RETENTION, DEAD_LETTER_RETENTION, PROGRESS_RETENTION);

    public static TopicLayout read(Settings s) throws AsrException {
        int lanes = s.get(LANE_PARTITIONS);
        return new TopicLayout(s.get(REPLICATION), s.get(MIN_ISR), lanes,
                s.find(RESULT_PARTITIONS).orElse(lanes), s.get(DEAD_LETTER_PARTITIONS),
                s.find(PIECE_PARTITIONS).orElse(lanes), s.find(PROGRESS_PARTITIONS).orElse(lanes),
                s.get(LANE_RETENTION), s.get(PIECE_RETENTION), s.get(RESULT_RETENTION),
                s.get(DEAD_LETTER_RETENTION), s.get(PROGRESS_RETENTION));
    }

    /** The configured replication factor, or min(3, brokers): three copies where the cluster has them. */
    public int replicationFor(int brokers) {
        return replicationFactor != null ? replicationFactor : Math.max(1, Math.min(3, brokers));
    }

    /**
     * The configured min ISR, or 2 with three or more replicas (an acknowledged record survives the
     * loss of any one broker, and one broker may be down without stopping writes), else 1 (with
     * fewer replicas, 2 would stop every write while one broker is down).
     */
    public int minInsyncFor(int replication) {
        return minInsyncReplicas != null ? minInsyncReplicas : replication >= 3 ? 2 : 1;
    }

    /** Every topic asr-hub uses, as this layout wants it on a cluster of {@code brokers} brokers. */
    public List<TopicSpec> specs(WorkerSettings ws, PieceTopics pieces, int brokers) {
        short replication = (short) replicationFor(brokers);
        String minIsr = String.valueOf(minInsyncFor(replication));
        String audioBytes = String.valueOf(ws.maxMessageBytes());
        // A dead letter holds the original record plus the error: room for both.
        String deadLetterBytes = String.valueOf(ws.maxMessageBytes() + 1024 * 1024);
        List<TopicSpec> specs = new ArrayList<>();
        for (String lane : ws.topics().lanes()) {
            specs.add(spec(lane, lanePartitions, replication, minIsr, laneRetentionMs, audioBytes));
        }
        specs.add(spec(ws.topics().results(), resultPartitions, replication, minIsr, resultRetentionMs, null));
        specs.add(spec(ws.topics().deadLetters(), deadLetterPartitions, replication, minIsr, deadLetterRetentionMs,
                deadLetterBytes));
        specs.add(spec(pieces.pieces(), piecePartitions, replication, minIsr, pieceRetentionMs, audioBytes));
        specs.add(spec(pieces.pieceResults(), piecePartitions, replication, minIsr, resultRetentionMs, null));
        specs.add(spec(pieces.progress(), progressPartitions, replication, minIsr, progressRetentionMs, null));
        return specs;
    }

    /** The same layout with every partition count set to {@code partitions} (tests, `dev`). */
    public TopicLayout withPartitions(int partitions) {
        return new TopicLayout(replicationFactor, minInsyncReplicas, partitions, partitions, partitions, partitions,
                partitions, laneRetentionMs, pieceRetentionMs, resultRetentionMs, deadLetterRetentionMs,
                progressRetentionMs);
    }

    private static TopicSpec spec(String name, int partitions, short replication, String minIsr, long retentionMs,
                                  String maxMessageBytes) {
        Map<String, String> configs = new LinkedHashMap<>();
        configs.put("min.insync.replicas", minIsr);
        configs.put("retention.ms", String.valueOf(retentionMs));
        if (maxMessageBytes != null) {
            configs.put("max.message.bytes", maxMessageBytes);
        }
        return new TopicSpec(name, partitions, replication, Map.copyOf(configs));
    }

    private static Definition<Integer> partitions(String name, Integer defaultValue, String meaning) {
        Definition<Integer> d = Definition.integer(name, defaultValue, meaning).check(PARTITIONS_OR_REPLICAS);
        return defaultValue == null ? d.documentedDefault("as the lanes") : d;
    }

    private static Definition<Long> retention(String name, long defaultMs, String meaning) {
        return Definition.longValue(name, defaultMs, meaning)
                .check(Rule.of("must be positive (or -1: keep forever)", v -> v >= 1 || v == -1));
    }
}
