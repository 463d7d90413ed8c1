package io.asrhub.kafka;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Exactly-once mode: each batch of results and the offsets they complete are committed in one
 * Kafka transaction, so a read_committed consumer of the results topic sees every job exactly
 * once. Costs a transaction round trip per batch and needs a transactional id per worker.
 */
final class TransactionalPublisher implements ResultPublisher {
    private static final Logger LOG = LoggerFactory.getLogger(TransactionalPublisher.class);

    private final Producer<String, byte[]> producer;
    private final Consumer<String, byte[]> consumer;
    private final OffsetTracker offsets;
    private final List<Completion> pending = new ArrayList<>();

    TransactionalPublisher(Producer<String, byte[]> producer, Consumer<String, byte[]> consumer, OffsetTracker offsets) {
        this.producer = producer;
        this.consumer = consumer;
        this.offsets = offsets;
        producer.initTransactions();
    }

    @Override
    public void publish(List<Completion> completions) {
        pending.addAll(completions);
    }

    @Override
    public void collectAcknowledgements() {
        // Acknowledgement is the transaction commit itself; see commit().
    }

    @Override
    public void commit(boolean sync, Collection<TopicPartition> partitions) {
        if (pending.isEmpty()) {
            return;
        }
        List<Completion> batch = new ArrayList<>(pending);
        pending.clear();
        try {
            producer.beginTransaction();
            for (Completion c : batch) {
                for (ProducerRecord<String, byte[]> r : c.outcome().records()) {
                    producer.send(r);
                }
                offsets.finished(c.partition(), c.offset());
            }
            Map<TopicPartition, OffsetAndMetadata> toCommit = offsets.committable();
            if (!toCommit.isEmpty()) {
                producer.sendOffsetsToTransaction(toCommit, consumer.groupMetadata());
            }
            producer.commitTransaction();
            offsets.committed(toCommit);
        } catch (ProducerFencedException e) {
            throw new IllegalStateException("another worker with the same transactional id took over", e);
        } catch (KafkaException e) {
            LOG.warn("transaction aborted, results will be sent again: {}", e.toString());
            producer.abortTransaction();
            batch.forEach(c -> offsets.reopen(c.partition(), c.offset()));
            pending.addAll(batch);
        }
    }

    @Override
    public void flush() {
        commit(true, List.of());
    }

    @Override
    public void close() {
        producer.close(java.time.Duration.ofSeconds(10));
    }
}
