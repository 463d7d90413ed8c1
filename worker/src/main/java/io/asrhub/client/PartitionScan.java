package io.asrhub.client;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads some partitions once, from their first offset to the end offset they had when the scan
 * started, and keeps the last record of each wanted key. Bounded: records written after the start
 * are not waited for, so a busy topic cannot keep the scan going. The consumer is assigned the
 * partitions (no group, nothing committed), so the scan disturbs no one.
 *
 * <p>Cost: linear in the size of the scanned partitions; only the matching records' values are kept.
 */
final class PartitionScan {
    /** The last record of a wanted key in one partition. */
    record Found(TopicPartition partition, long offset, byte[] value) {
    }

    private final Consumer<String, byte[]> consumer;
    private final Duration stallTimeout;

    /** @param stallTimeout how long the scan may go without reading anything before it gives up */
    PartitionScan(Consumer<String, byte[]> consumer, Duration stallTimeout) {
        this.consumer = consumer;
        this.stallTimeout = stallTimeout;
    }

    /** Scans every partition in {@code wanted} for its keys; the result is keyed by partition, then key. */
    Map<TopicPartition, Map<String, Found>> scan(Map<TopicPartition, Set<String>> wanted) {
        Map<TopicPartition, Map<String, Found>> found = new HashMap<>();
        if (wanted.isEmpty()) {
            return found;
        }
        consumer.assign(wanted.keySet());
        // With read_committed (readerConfig) this is the last stable offset: an open transaction's
        // records are not visible and not waited for.
        Map<TopicPartition, Long> end = consumer.endOffsets(wanted.keySet());
        consumer.seekToBeginning(wanted.keySet());
        Set<TopicPartition> remaining = new HashSet<>(wanted.keySet());
        Map<TopicPartition, Long> positions = new HashMap<>();
        long lastProgress = System.nanoTime();
        advance(remaining, end, positions);
        while (!remaining.isEmpty()) {
            var records = consumer.poll(Duration.ofMillis(200));
            for (ConsumerRecord<String, byte[]> r : records) {
                TopicPartition tp = new TopicPartition(r.topic(), r.partition());
                if (r.key() != null && r.offset() < end.get(tp) && wanted.get(tp).contains(r.key())) {
                    found.computeIfAbsent(tp, k -> new HashMap<>()).put(r.key(), new Found(tp, r.offset(), r.value()));
                }
            }
            if (advance(remaining, end, positions)) {
                lastProgress = System.nanoTime();
            } else if (System.nanoTime() - lastProgress > stallTimeout.toNanos()) {
                throw new IllegalStateException("reading " + remaining + " stalled: no progress for "
                        + stallTimeout.toSeconds() + " s");
            }
        }
        return found;
    }

    /**
     * Drops the partitions whose position reached their end offset, and says whether any position
     * moved. Positions, not records, measure progress: transaction markers and aborted records move
     * the position without returning anything.
     */
    private boolean advance(Set<TopicPartition> remaining, Map<TopicPartition, Long> end,
                            Map<TopicPartition, Long> positions) {
        boolean moved = false;
        for (var it = remaining.iterator(); it.hasNext(); ) {
            TopicPartition tp = it.next();
            long position = consumer.position(tp);
            Long before = positions.put(tp, position);
            moved |= before == null || position > before;
            if (position >= end.get(tp)) {
                consumer.pause(List.of(tp)); // what comes after the end is not needed
                it.remove();
            }
        }
        return moved;
    }
}
