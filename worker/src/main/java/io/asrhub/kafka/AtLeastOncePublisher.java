package io.asrhub.kafka;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Default mode: results go out through an idempotent producer, and a record counts as finished
 * only when every record of its outcome is acknowledged. A crash between publish and commit
 * repeats the job (duplicate result), never loses it.
 */
final class AtLeastOncePublisher implements ResultPublisher {
    private static final Logger LOG = LoggerFactory.getLogger(AtLeastOncePublisher.class);

    private final Producer<String, byte[]> producer;
    private final Consumer<String, byte[]> consumer;
    private final OffsetTracker offsets;
    private final Queue<Acknowledged> acknowledged = new ConcurrentLinkedQueue<>();

    AtLeastOncePublisher(Producer<String, byte[]> producer, Consumer<String, byte[]> consumer, OffsetTracker offsets) {
        this.producer = producer;
        this.consumer = consumer;
        this.offsets = offsets;
    }

    @Override
    public void publish(List<Completion> completions) {
        for (Completion c : completions) {
            List<ProducerRecord<String, byte[]>> records = c.outcome().records();
            AtomicInteger outstanding = new AtomicInteger(records.size());
            AtomicBoolean failed = new AtomicBoolean();
            for (ProducerRecord<String, byte[]> r : records) {
                producer.send(r, (metadata, error) -> {
                    if (error != null) {
                        failed.set(true);
                        LOG.warn("publishing result of {}@{} failed, will retry: {}", c.partition(), c.offset(),
                                error.toString());
                    }
                    if (outstanding.decrementAndGet() == 0) {
                        acknowledged.add(new Acknowledged(c, failed.get()));
                    }
                });
            }
        }
    }

    @Override
    public void collectAcknowledgements() {
        Acknowledged a;
        List<Completion> retry = new java.util.ArrayList<>();
        while ((a = acknowledged.poll()) != null) {
            if (a.failed()) {
                retry.add(a.completion());
            } else {
                offsets.finished(a.completion().partition(), a.completion().offset());
            }
        }
        if (!retry.isEmpty()) {
            publish(retry); // idempotent producer: a resend cannot reorder or duplicate within a session
        }
    }

    @Override
    public void commit(boolean sync, Collection<TopicPartition> partitions) {
        Map<TopicPartition, OffsetAndMetadata> toCommit = offsets.committable(partitions);
        if (toCommit.isEmpty()) {
            return;
        }
        if (sync) {
            consumer.commitSync(toCommit, Duration.ofSeconds(10));
            offsets.committed(toCommit);
        } else {
            // The callback runs on this (the poll) thread; only a confirmed commit moves the marker,
            // so a failed one is simply sent again at the next interval.
            consumer.commitAsync(toCommit, (done, error) -> {
                if (error != null) {
                    LOG.info("offset commit failed, retrying at the next interval: {}", error.toString());
                } else {
                    offsets.committed(done);
                }
            });
        }
    }

    @Override
    public void flush() {
        producer.flush();
        collectAcknowledgements();
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(10));
    }

    private record Acknowledged(Completion completion, boolean failed) {
    }
}
