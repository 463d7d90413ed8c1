package io.asrhub.share;

import org.apache.kafka.clients.consumer.ConsumerRecord;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The records this worker has acquired and not yet acknowledged, with the share consumer's rule in
 * mind: in explicit mode only records returned by the latest poll can be acknowledged, and all of
 * them must be before the next poll. A record whose job is still queued, running or backing off is
 * acknowledged with RENEW (which extends its lock) and comes back in a later poll; until then it is
 * "awaiting redelivery".
 * Used from the poll thread only.
 */
final class HeldRecords {
    record Key(String topic, int partition, long offset) {
        static Key of(ConsumerRecord<?, ?> r) {
            return new Key(r.topic(), r.partition(), r.offset());
        }
    }

    static final class Held {
        /** Names this hold: a completion of an earlier hold of the same record (lock lost, record re-acquired) is dropped. */
        final long epoch;
        ConsumerRecord<String, byte[]> latest;
        boolean inBatch = true;
        Verdict verdict;
        long lastSeenNanos = System.nanoTime();

        Held(ConsumerRecord<String, byte[]> record, long epoch) {
            this.latest = record;
            this.epoch = epoch;
        }
    }

    private static final java.util.concurrent.atomic.AtomicLong EPOCHS = new java.util.concurrent.atomic.AtomicLong();
    private final Map<Key, Held> held = new HashMap<>();

    /** Holds a newly acquired record; returns the epoch that names this hold. */
    long hold(ConsumerRecord<String, byte[]> record) {
        long epoch = EPOCHS.incrementAndGet();
        held.put(Key.of(record), new Held(record, epoch));
        return epoch;
    }

    /** Whether the record is still held under {@code epoch} and not yet decided. */
    /** Whether this consumer holds {@code key} now (several consumers may read one topic). */
    boolean holds(Key key) {
        return held.containsKey(key);
    }

    boolean isCurrent(Key key, long epoch) {
        Held h = held.get(key);
        return h != null && h.epoch == epoch && h.verdict == null;
    }

    /** A renewed record came back from poll: it can be acknowledged again. Returns false if not ours. */
    boolean redelivered(ConsumerRecord<String, byte[]> record) {
        Held h = held.get(Key.of(record));
        if (h == null) {
            return false;
        }
        h.latest = record;
        h.inBatch = true;
        h.lastSeenNanos = System.nanoTime();
        return true;
    }

    /** Records its job's verdict; false if the record is no longer held under {@code epoch} (its lock was lost). */
    boolean decide(Key key, long epoch, Verdict verdict) {
        Held h = held.get(key);
        if (h == null || h.epoch != epoch) {
            return false;
        }
        h.verdict = verdict;
        return true;
    }

    /** Removes and returns the decided records that can be acknowledged now. */
    List<Held> takeDecided() {
        List<Held> out = new ArrayList<>();
        for (Iterator<Held> it = held.values().iterator(); it.hasNext(); ) {
            Held h = it.next();
            if (h.verdict != null && h.inBatch) {
                out.add(h);
                it.remove();
            }
        }
        return out;
    }

    /** Records of the current batch whose job still runs: they must be renewed before the next poll. */
    List<Held> takeRunningInBatch() {
        List<Held> out = new ArrayList<>();
        for (Held h : held.values()) {
            if (h.verdict == null && h.inBatch) {
                h.inBatch = false;
                out.add(h);
            }
        }
        return out;
    }

    /** Removes and returns every record still in the current batch (shutdown: they are released). */
    List<Held> takeAllInBatch() {
        List<Held> out = new ArrayList<>();
        for (Iterator<Held> it = held.values().iterator(); it.hasNext(); ) {
            Held h = it.next();
            if (h.inBatch) {
                out.add(h);
                it.remove();
            }
        }
        return out;
    }

    /**
     * Drops renewed records that have not come back within a lock duration: the renewal failed, the
     * broker gave the record to another worker, and acknowledging it here is no longer possible.
     */
    List<Key> dropLost(long lockNanos) {
        List<Key> lost = new ArrayList<>();
        long now = System.nanoTime();
        held.entrySet().removeIf(e -> {
            boolean stale = !e.getValue().inBatch && now - e.getValue().lastSeenNanos > lockNanos;
            if (stale) {
                lost.add(e.getKey());
            }
            return stale;
        });
        return lost;
    }

    boolean hasRunningInBatch() {
        return held.values().stream().anyMatch(h -> h.inBatch && h.verdict == null);
    }

    boolean awaitingRedelivery() {
        return held.values().stream().anyMatch(h -> !h.inBatch);
    }

    int size() {
        return held.size();
    }
}
