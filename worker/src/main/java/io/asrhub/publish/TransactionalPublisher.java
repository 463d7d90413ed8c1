package io.asrhub.publish;

import io.asrhub.offsets.OffsetTracker;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Exactly-once mode: each batch of results and the offsets they complete are committed in one
 * Kafka transaction, so a read_committed consumer of the results topic sees every job exactly
 * once. Costs a transaction round trip per batch and needs a transactional id per worker.
 *
 * <p>Errors as in Kafka's ExactlyOnceMessageProcessor: fatal ones (fenced, authorization,
 * unsupported version, broken sequence, serialization) stop the worker, and so does a failing
 * abort; anything else aborts the transaction and the batch is sent again after a backoff, at
 * most {@link RetryPolicy#maxAttempts()} times in a row.
 */
public final class TransactionalPublisher implements ResultPublisher {
    private static final Logger LOG = LoggerFactory.getLogger(TransactionalPublisher.class);

    private final Producer<String, byte[]> producer;
    private final Consumer<String, byte[]> consumer;
    private final OffsetTracker offsets;
    private final RetryPolicy retry;
    private final List<Completion> pending = new ArrayList<>();
    private int failedInARow;
    private long notBeforeNanos;

    public TransactionalPublisher(Producer<String, byte[]> producer, Consumer<String, byte[]> consumer,
                                  OffsetTracker offsets, RetryPolicy retry) {
        this.producer = producer;
        this.consumer = consumer;
        this.offsets = offsets;
        this.retry = retry;
        try {
            producer.initTransactions();
        } catch (KafkaException e) {
            throw new PublishFailedException("cannot initialise transactions: " + e, e);
        }
    }

    @Override
    public void publish(List<Completion> completions) {
        pending.addAll(completions);
    }

    @Override
    public void collectAcknowledgements() {
        // Acknowledgement is the transaction commit itself; see commit().
    }

    /**
     * Commits the pending results with the offsets they complete. With {@code sync} (revocation,
     * shutdown) the backoff is ignored and only {@code partitions}' offsets are sent, so a revoked
     * partition's progress is saved before it moves.
     */
    @Override
    public void commit(boolean sync, Collection<TopicPartition> partitions) {
        if (pending.isEmpty() || (!sync && System.nanoTime() < notBeforeNanos)) {
            return;
        }
        List<Completion> batch = new ArrayList<>(pending);
        pending.clear();
        Map<TopicPartition, OffsetAndMetadata> toCommit = Map.of();
        Set<TopicPartition> scope = new HashSet<>(partitions);
        try {
            producer.beginTransaction();
            for (Completion c : batch) {
                for (ProducerRecord<String, byte[]> r : c.outcome().records()) {
                    producer.send(r);
                }
                offsets.finished(c.partition(), c.epoch(), c.offset());
                scope.add(c.partition());
            }
            toCommit = offsets.committable(scope);
            if (!toCommit.isEmpty()) {
                producer.sendOffsetsToTransaction(toCommit, consumer.groupMetadata());
            }
            untilNoTimeout(producer::commitTransaction, "commit");
            offsets.committed(toCommit);
            failedInARow = 0;
        } catch (KafkaException e) {
            if (ProducerErrors.isFatal(e)) {
                throw new PublishFailedException("transactional publishing failed fatally: " + e, e);
            }
            abort(e);
            batch.forEach(c -> offsets.reopen(c.partition(), c.epoch(), c.offset()));
            pending.addAll(0, batch);
            failedInARow++;
            if (failedInARow >= retry.maxAttempts()) {
                throw new PublishFailedException("transaction failed " + failedInARow + " times in a row: " + e, e);
            }
            long delay = retry.backoffMillis(failedInARow);
            notBeforeNanos = System.nanoTime() + delay * 1_000_000;
            LOG.warn("transaction aborted, {} result(s) will be sent again in {} ms: {}", batch.size(), delay,
                    e.toString());
        }
    }

    private void abort(KafkaException cause) {
        try {
            untilNoTimeout(producer::abortTransaction, "abort");
        } catch (KafkaException e) {
            e.addSuppressed(cause);
            throw new PublishFailedException("cannot abort the transaction: " + e, e);
        }
    }

    /**
     * Runs a commit or abort again after a timeout: while the transaction coordinator's broker
     * fails over, EndTxn goes unanswered for a few seconds (seen on a three-broker cluster: ~5 s).
     * Kafka allows exactly this retry (and no other call) after such a timeout; giving up would
     * stop the worker although the cluster is about to be whole again.
     */
    private void untilNoTimeout(Runnable endTransaction, String what) {
        for (int attempt = 1; ; attempt++) {
            try {
                endTransaction.run();
                return;
            } catch (org.apache.kafka.common.errors.TimeoutException e) {
                if (attempt >= retry.maxAttempts()) {
                    throw e;
                }
                LOG.warn("transaction {} timed out (try {} of {}), trying again: {}", what, attempt,
                        retry.maxAttempts(), e.getMessage());
            }
        }
    }

    /** Commits the pending transaction now; its calls are bounded by the producer's max.block.ms. */
    @Override
    public void flush(Duration timeout) {
        commit(true, List.of());
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
