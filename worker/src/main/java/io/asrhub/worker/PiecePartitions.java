package io.asrhub.worker;

import org.apache.kafka.common.utils.Utils;

import java.nio.charset.StandardCharsets;
import java.util.function.ToIntFunction;

/**
 * Chooses the partition of each piece of a split: round-robin over the pieces topic's partitions,
 * starting at the partition the job id hashes to (Kafka's default partitioner for that key). Keyed
 * placement put a 22-piece job 11/11 or 6/16 on two workers by chance; round-robin gives every
 * partition, and so every consumer of the group, an equal share (±1 piece). When the partition count
 * is not known (no metadata), pieces fall back to keyed placement.
 */
final class PiecePartitions {
    private final String topic;
    private final ToIntFunction<String> partitionCount;

    /** @param partitionCount partitions of a topic (e.g. from the producer's metadata); 0 or less: unknown */
    PiecePartitions(String topic, ToIntFunction<String> partitionCount) {
        this.topic = topic;
        this.partitionCount = partitionCount;
    }

    /** The partition of piece {@code index} of {@code jobId}, or null to let the key decide. */
    Integer forPiece(String jobId, int index) {
        int n = count();
        if (n <= 0) {
            return null;
        }
        int start = Utils.toPositive(Utils.murmur2(jobId.getBytes(StandardCharsets.UTF_8))) % n;
        return (int) ((start + (long) index) % n);
    }

    /** The partition after {@code partition} (a piece dispatched again), or null when unknown. */
    Integer next(String fromTopic, int partition) {
        int n = count();
        return n <= 0 || !fromTopic.equals(topic) ? null : (partition + 1) % n;
    }

    private int count() {
        try {
            return partitionCount.applyAsInt(topic);
        } catch (RuntimeException e) { // no metadata within max.block.ms: keyed placement still works
            return 0;
        }
    }
}
