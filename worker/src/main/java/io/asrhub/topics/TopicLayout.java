package io.asrhub.topics;

import io.asrhub.config.Key;
import io.asrhub.config.Settings;
import io.asrhub.errors.AsrException;
import io.asrhub.errors.ErrorCode;
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

    public static final Key REPLICATION = new Key("topics.replication-factor", null,
            "replicas of every topic (default: min(3, brokers in the cluster))");
    public static final Key MIN_ISR = new Key("topics.min-insync-replicas", null,
            "min.insync.replicas of every topic (default: 2 when replication >= 3, else 1)");
    public static final Key LANE_PARTITIONS = new Key("topics.partitions.lanes", "6", "partitions of each lane topic");
    public static final Key RESULT_PARTITIONS = new Key("topics.partitions.results", null,
            "partitions of the results topic (default: as the lanes)");
    public static final Key DEAD_LETTER_PARTITIONS = new Key("topics.partitions.dead-letters", "3",
            "partitions of the dead-letter topic");
    public static final Key PIECE_PARTITIONS = new Key("topics.partitions.pieces", null,
            "partitions of the pieces and piece-results topics (default: as the lanes)");
    public static final Key PROGRESS_PARTITIONS = new Key("topics.partitions.progress", null,
            "partitions of the progress topic (default: as the lanes)");
    public static final Key LANE_RETENTION = new Key("topics.retention-ms.lanes", String.valueOf(DAY_MS),
            "retention of the lane topics (they carry audio)");
    public static final Key PIECE_RETENTION = new Key("topics.retention-ms.pieces", String.valueOf(DAY_MS),
            "retention of the pieces topic (it carries audio)");
    public static final Key RESULT_RETENTION = new Key("topics.retention-ms.results", String.valueOf(7 * DAY_MS),
            "retention of the results and piece-results topics");
    public static final Key DEAD_LETTER_RETENTION = new Key("topics.retention-ms.dead-letters",
            String.valueOf(3 * DAY_MS), "retention of the dead-letter topic (it carries the original audio)");
    public static final Key PROGRESS_RETENTION = new Key("topics.retention-ms.progress", String.valueOf(DAY_MS),
            "retention of the progress topic");

    public static final List<Key> KEYS = List.of(REPLICATION, MIN_ISR, LANE_PARTITIONS, RESULT_PARTITIONS,
            DEAD_LETTER_PARTITIONS, PIECE_PARTITIONS, PROGRESS_PARTITIONS, LANE_RETENTION, PIECE_RETENTION,
            RESULT_RETENTION, DEAD_LETTER_RETENTION, PROGRESS_RETENTION);

    public static TopicLayout read(Settings s) throws AsrException {
        int lanes = positive(s, LANE_PARTITIONS, s.getInt(LANE_PARTITIONS));
        Integer replication = optional(s, REPLICATION);
        Integer minIsr = optional(s, MIN_ISR);
        return new TopicLayout(replication, minIsr, lanes,
                positive(s, RESULT_PARTITIONS, s.getInt(RESULT_PARTITIONS.name(), lanes)),
                positive(s, DEAD_LETTER_PARTITIONS, s.getInt(DEAD_LETTER_PARTITIONS)),
                positive(s, PIECE_PARTITIONS, s.getInt(PIECE_PARTITIONS.name(), lanes)),
                positive(s, PROGRESS_PARTITIONS, s.getInt(PROGRESS_PARTITIONS.name(), lanes)),
                retention(s, LANE_RETENTION), retention(s, PIECE_RETENTION), retention(s, RESULT_RETENTION),
                retention(s, DEAD_LETTER_RETENTION), retention(s, PROGRESS_RETENTION));
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

    private static Integer optional(Settings s, Key key) throws AsrException {
        String v = s.get(key.name(), null);
        return v == null || v.equalsIgnoreCase("auto") ? null : positive(s, key, s.getInt(key.name(), 0));
    }

    private static int positive(Settings s, Key key, int value) throws AsrException {
        if (value < 1 || value > Short.MAX_VALUE) {
            throw new AsrException(ErrorCode.CONFIG_INVALID, key.name() + " must be between 1 and 32767, got " + value);
        }
        return value;
    }

    private static long retention(Settings s, Key key) throws AsrException {
        long v = s.getLong(key);
        if (v < 1 && v != -1) {
            throw new AsrException(ErrorCode.CONFIG_INVALID, key.name() + " must be positive (or -1: keep forever)");
        }
        return v;
    }
}
