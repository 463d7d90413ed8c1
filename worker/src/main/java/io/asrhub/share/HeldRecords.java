package io.asrhub.share;

import io.asrhub.records.Lane;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The records this worker has acquired and not yet acknowledged, with the share consumer's rule in
 * mind: in explicit mode only records returned by the latest poll can be acknowledged, and all of
 * them must be before the next poll. A record still running is acknowledged with RENEW (which
 * extends its lock) and comes back in a later poll; until then it is "awaiting redelivery".
 * Used from the poll thread only.
 */
final class HeldRecords {
    record Key(String topic, int partition, long offset) {
        static Key of(ConsumerRecord<?, ?> r) {
            return new Key(r.topic(), r.partition(), r.offset());
        }
    }

    static final class Held {
        final Lane lane;
        ConsumerRecord<String, byte[]> latest;
        boolean inBatch = true;
        Verdict verdict;
        long lastSeenNanos = System.nanoTime();

        Held(ConsumerRecord<String, byte[]> record, Lane lane) {
            this.latest = record;
            this.lane = lane;
        }
    }

    private final Map<Key, Held> held = new HashMap<>();

    void hold(ConsumerRecord<String, byte[]> record, Lane lane) {
        held.put(Key.of(record), new Held(record, lane));
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

    /** Records its job's verdict; false if the record is no longer held (its lock was lost). */
    boolean decide(Key key, Verdict verdict) {
        Held h = held.get(key);
        if (h == null) {
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
