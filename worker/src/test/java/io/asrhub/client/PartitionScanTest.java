package io.asrhub.client;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The bounded scan's own rules, on Kafka's in-memory consumer: it stops at the end offset taken at
 * the start, keeps the last record of each wanted key, and gives up when a partition stops moving.
 * (StatusCommandIT runs it against a real broker.)
 */
class PartitionScanTest {
    private final TopicPartition p0 = new TopicPartition("t", 0);
    private final TopicPartition p1 = new TopicPartition("t", 1);
    private final MockConsumer<String, byte[]> consumer = new MockConsumer<>("earliest");

    @Test
    void keepsTheLastRecordOfEachWantedKeyUpToTheEndOffsetTakenAtTheStart() {
        consumer.updateBeginningOffsets(Map.of(p0, 0L, p1, 5L));
        consumer.updateEndOffsets(Map.of(p0, 3L, p1, 5L)); // p1: everything deleted by retention
        consumer.schedulePollTask(() -> {
            consumer.addRecord(record(0, "a", "first a"));
            consumer.addRecord(record(1, "b", "b"));
            consumer.addRecord(record(2, "a", "second a"));
            consumer.addRecord(record(3, "a", "written after the scan started"));
            consumer.addRecord(new ConsumerRecord<>("t", 0, 2, null, new byte[0])); // no key: skipped
        });

        var found = new PartitionScan(consumer, Duration.ofSeconds(5))
                .scan(Map.of(p0, Set.of("a", "b"), p1, Set.of("c")));

        assertEquals(2L, found.get(p0).get("a").offset());
        assertEquals("second a", new String(found.get(p0).get("a").value()));
        assertEquals(1L, found.get(p0).get("b").offset());
        assertFalse(found.containsKey(p1));
        assertTrue(consumer.paused().containsAll(Set.of(p0, p1)), "nothing past the end is fetched");
    }

    @Test
    void keysNotAskedForInThatPartitionAreNotKept() {
        consumer.updateBeginningOffsets(Map.of(p0, 0L));
        consumer.updateEndOffsets(Map.of(p0, 1L));
        consumer.schedulePollTask(() -> consumer.addRecord(record(0, "other", "x")));

        assertTrue(new PartitionScan(consumer, Duration.ofSeconds(5)).scan(Map.of(p0, Set.of("a"))).isEmpty());
    }

    @Test
    void aPartitionThatStopsMovingBeforeItsEndFailsTheScanInsteadOfHangingIt() {
        consumer.updateBeginningOffsets(Map.of(p0, 0L));
        consumer.updateEndOffsets(Map.of(p0, 10L));
        consumer.schedulePollTask(() -> consumer.addRecord(record(0, "a", "x")));

        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> new PartitionScan(consumer, Duration.ofMillis(300)).scan(Map.of(p0, Set.of("a"))));
        assertTrue(e.getMessage().contains("stalled"), e.getMessage());
    }

    private static ConsumerRecord<String, byte[]> record(long offset, String key, String value) {
        return new ConsumerRecord<>("t", 0, offset, key, value.getBytes());
    }
}
