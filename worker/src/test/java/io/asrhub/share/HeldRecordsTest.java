package io.asrhub.share;

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
        held.hold(record(1));
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
        long epoch = held.hold(record(1));
        held.takeRunningInBatch(); // renewed before a poll
        assertTrue(held.decide(HeldRecords.Key.of(record(1)), epoch, Verdict.ACCEPT));
        assertEquals(List.of(), held.takeDecided(), "waits until the renewed record comes back");
        held.redelivered(record(1));
        assertEquals(1, held.takeDecided().size());
        assertEquals(0, held.size());
        assertFalse(held.decide(HeldRecords.Key.of(record(1)), epoch, Verdict.ACCEPT), "already acknowledged");
    }

    @Test
    void aRenewedRecordThatNeverComesBackIsDroppedAfterTheLock() {
        HeldRecords held = new HeldRecords();
        held.hold(record(1));
        held.hold(record(2));
        held.takeRunningInBatch();
        held.redelivered(record(2));
        assertEquals(List.of(), held.dropLost(60_000_000_000L), "within the lock: kept");
        assertEquals(List.of(HeldRecords.Key.of(record(1))), held.dropLost(-1), "past the lock: dropped");
        assertEquals(1, held.size());
    }

    @Test
    void aCompletionOfAnEarlierHoldOfTheSameRecordIsNotCurrentAndDecidesNothing() {
        HeldRecords held = new HeldRecords();
        long first = held.hold(record(1));
        held.takeRunningInBatch();
        held.dropLost(-1); // the lock was lost ...
        long second = held.hold(record(1)); // ... and the broker handed the record to us again
        HeldRecords.Key key = HeldRecords.Key.of(record(1));
        assertFalse(held.isCurrent(key, first));
        assertTrue(held.isCurrent(key, second));
        assertFalse(held.decide(key, first, Verdict.ACCEPT), "the first run's outcome must not settle the second");
        assertTrue(held.isCurrent(key, second));
        assertTrue(held.decide(key, second, Verdict.ACCEPT));
        assertFalse(held.isCurrent(key, second), "decided: no longer open for another outcome");
    }
}
