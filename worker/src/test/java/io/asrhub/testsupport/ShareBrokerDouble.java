package io.asrhub.testsupport;

import org.apache.kafka.clients.consumer.AcknowledgeType;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.MockShareConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A share consumer that keeps the rules a share-group broker enforces in explicit acknowledgement
 * mode, for unit tests of the worker's share source ({@link MockShareConsumer} returns each record
 * once and ignores acknowledgements):
 * <ul>
 *   <li>every record a poll returned must be acknowledged before the next poll, else the poll fails;</li>
 *   <li>RENEW keeps the lock: the record comes back in the next poll, with the same delivery count;</li>
 *   <li>RELEASE makes it available again: it is delivered again with its delivery count + 1;</li>
 *   <li>ACCEPT and REJECT settle it for good; settling twice, or acknowledging a record not
 *       delivered, fails.</li>
 * </ul>
 * Thread-safe (records are added from the test thread while the worker polls).
 */
public final class ShareBrokerDouble extends MockShareConsumer<String, byte[]> {
    private final Map<Key, ConsumerRecord<String, byte[]>> available = new LinkedHashMap<>();
    private final Map<Key, Short> deliveries = new HashMap<>();
    private final Set<Key> unacknowledged = new HashSet<>();
    private final Map<Key, ConsumerRecord<String, byte[]>> renewed = new LinkedHashMap<>();
    private final Map<Key, AcknowledgeType> settled = new HashMap<>();
    private final Map<Key, Integer> releases = new HashMap<>();
    private RuntimeException pollException;
    private boolean wakeup;

    private record Key(String topic, int partition, long offset) {
        static Key of(ConsumerRecord<?, ?> r) {
            return new Key(r.topic(), r.partition(), r.offset());
        }
    }

    @Override
    public synchronized void addRecord(ConsumerRecord<String, byte[]> record) {
        available.put(Key.of(record), record);
    }

    public synchronized void setPollException(RuntimeException e) {
        pollException = e;
    }

    @Override
    public synchronized void wakeup() {
        wakeup = true;
    }

    @Override
    public synchronized ConsumerRecords<String, byte[]> poll(Duration timeout) {
        if (wakeup) {
            wakeup = false;
            throw new WakeupException();
        }
        if (pollException != null) {
            RuntimeException e = pollException;
            pollException = null;
            throw e;
        }
        if (!unacknowledged.isEmpty()) {
            throw new IllegalStateException("records of the last poll were not acknowledged: " + unacknowledged);
        }
        Map<TopicPartition, List<ConsumerRecord<String, byte[]>>> out = new HashMap<>();
        for (ConsumerRecord<String, byte[]> r : renewed.values()) {
            deliver(r, out, deliveries.get(Key.of(r)));
        }
        renewed.clear();
        for (ConsumerRecord<String, byte[]> r : available.values()) {
            Key k = Key.of(r);
            short count = (short) (deliveries.getOrDefault(k, (short) 0) + 1);
            deliveries.put(k, count);
            deliver(r, out, count);
        }
        available.clear();
        return new ConsumerRecords<>(out, Map.of());
    }

    private void deliver(ConsumerRecord<String, byte[]> r, Map<TopicPartition, List<ConsumerRecord<String, byte[]>>> out,
                         short deliveryCount) {
        ConsumerRecord<String, byte[]> withCount = new ConsumerRecord<>(r.topic(), r.partition(), r.offset(),
                r.timestamp(), TimestampType.CREATE_TIME, -1, -1, r.key(), r.value(), new RecordHeaders(),
                Optional.empty(), Optional.of(deliveryCount));
        unacknowledged.add(Key.of(r));
        out.computeIfAbsent(new TopicPartition(r.topic(), r.partition()), tp -> new ArrayList<>()).add(withCount);
    }

    @Override
    public synchronized void acknowledge(ConsumerRecord<String, byte[]> record, AcknowledgeType type) {
        Key k = Key.of(record);
        if (!unacknowledged.remove(k)) {
            throw new IllegalStateException("acknowledging " + k + ", which the last poll did not return");
        }
        switch (type) {
            case RENEW -> renewed.put(k, record);
            case RELEASE -> {
                available.put(k, record);
                releases.merge(k, 1, Integer::sum);
            }
            case ACCEPT, REJECT -> {
                if (settled.putIfAbsent(k, type) != null) {
                    throw new IllegalStateException(k + " settled twice");
                }
            }
            default -> throw new IllegalArgumentException(type.toString());
        }
    }

    @Override
    public void acknowledge(ConsumerRecord<String, byte[]> record) {
        acknowledge(record, AcknowledgeType.ACCEPT);
    }

    /** How the record at {@code offset} was settled, or null while it is not. */
    public synchronized AcknowledgeType settlement(String topic, int partition, long offset) {
        return settled.get(new Key(topic, partition, offset));
    }

    /** Times the record at {@code offset} was released (given back for another delivery). */
    public synchronized int releases(String topic, int partition, long offset) {
        return releases.getOrDefault(new Key(topic, partition, offset), 0);
    }

    /** Times the record at {@code offset} was delivered. */
    public synchronized int deliveries(String topic, int partition, long offset) {
        return deliveries.getOrDefault(new Key(topic, partition, offset), (short) 0);
    }

    /** The first offset of {@code partition}, counting from 0, that is not settled yet. */
    public synchronized long settledPrefix(String topic, int partition) {
        long next = 0;
        while (settled.containsKey(new Key(topic, partition, next))) {
            next++;
        }
        return next;
    }
}
