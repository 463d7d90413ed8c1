package io.asrhub.share;

import io.asrhub.records.Lane;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The explicit-acknowledgement bookkeeping: what may be acknowledged now, what must be renewed. */
class HeldRecordsTest {
    private static ConsumerRecord<String, byte[]> record(long offset) {
        return new ConsumerRecord<>("lane", 0, offset, "k" + offset, new byte[0]);
    }

    @Test
    void runningRecordsAreRenewedOnceAndAwaitTheirRedelivery() {
        HeldRecords held = new HeldRecords();
        held.hold(record(1), Lane.SMALL);
        assertEquals(1, held.takeRunningInBatch().size());
        assertTrue(held.awaitingRedelivery());
        assertEquals(0, held.takeRunningInBatch().size(), "not in the current batch: cannot be renewed again");
        assertTrue(held.redelivered(record(1)));
        assertFalse(held.awaitingRedelivery());
        assertFalse(held.redelivered(record(2)), "a record we never held is not ours");
    }

    @Test
    void aVerdictIsAcknowledgedOnlyWhileTheRecordIsInTheCurrentBatch() {
        HeldRecords held = new HeldRecords();
        held.hold(record(1), Lane.SMALL);
        held.takeRunningInBatch(); // renewed before a poll
        assertTrue(held.decide(HeldRecords.Key.of(record(1)), Verdict.ACCEPT));
        assertEquals(List.of(), held.takeDecided(), "waits until the renewed record comes back");
        held.redelivered(record(1));
        assertEquals(1, held.takeDecided().size());
        assertEquals(0, held.size());
        assertFalse(held.decide(HeldRecords.Key.of(record(1)), Verdict.ACCEPT), "already acknowledged");
    }

    @Test
    void aRenewedRecordThatNeverComesBackIsDroppedAfterTheLock() {
        HeldRecords held = new HeldRecords();
        held.hold(record(1), Lane.SMALL);
        held.hold(record(2), Lane.SMALL);
        held.takeRunningInBatch();
        held.redelivered(record(2));
        assertEquals(List.of(), held.dropLost(60_000_000_000L), "within the lock: kept");
        assertEquals(List.of(HeldRecords.Key.of(record(1))), held.dropLost(-1), "past the lock: dropped");
        assertEquals(1, held.size());
    }
}
