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
import java.util.IdentityHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * Exactly-once mode: each batch of results and the offsets they complete are committed in one
 * Kafka transaction, so a read_committed consumer of the results topic sees every job exactly
 * once. Costs a transaction round trip per batch and needs a transactional id per worker.
 *
 * <p>Errors as in Kafka's ExactlyOnceMessageProcessor: fatal ones (fenced, authorization,
 * unsupported version, broken sequence) stop the worker, and so does a failing abort; a record
 * refused for its own content (too large) aborts the transaction and the batch goes again at once
 * with that record cut down or left out ({@link OversizedRecords}); anything else aborts the
 * transaction and the batch is sent again after a backoff, at most
 * {@link RetryPolicy#maxAttempts()} times in a row.
 */
public final class TransactionalPublisher implements ResultPublisher {
    private static final Logger LOG = LoggerFactory.getLogger(TransactionalPublisher.class);

    private final Producer<String, byte[]> producer;
    private final Consumer<String, byte[]> consumer;
    private final OffsetTracker offsets;
    private final RetryPolicy retry;
    private final List<Completion> pending = new ArrayList<>();
    /** Cut-down replacements already sent once: refused again, they are dropped (identity). */
    private final Set<ProducerRecord<String, byte[]>> cutDown =
            java.util.Collections.newSetFromMap(new IdentityHashMap<>());
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
        Map<Completion, List<Future<RecordMetadata>>> sent = new IdentityHashMap<>();
        try {
            producer.beginTransaction();
            for (Completion c : batch) {
                List<Future<RecordMetadata>> futures = new ArrayList<>();
                for (ProducerRecord<String, byte[]> r : c.outcome().records()) {
                    futures.add(producer.send(r));
                }
                sent.put(c, futures);
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
            cutDown.clear(); // every record taken from pending is written now
        } catch (KafkaException e) {
            if (ProducerErrors.isFatal(e)) {
                throw new PublishFailedException("transactional publishing failed fatally: " + e, e);
            }
            abort(e);
            batch.forEach(c -> offsets.reopen(c.partition(), c.epoch(), c.offset()));
            List<Completion> again = new ArrayList<>();
            boolean recordRefused = false;
            for (Completion c : batch) {
                Completion next = withoutRefusedRecords(c, sent.getOrDefault(c, List.of()));
                recordRefused |= next != c;
                again.add(next);
            }
            pending.addAll(0, again);
            if (recordRefused) {
                return; // not the broker's fault: the batch goes again at once, with the records cut down
            }
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

    /**
     * {@code c} with each record the producer refused for its own content (too large...) cut down,
     * or left out when it was already cut or cannot be cut; {@code c} itself when none was refused.
     * An outcome left with no record still finishes its input record in the next transaction.
     */
    private Completion withoutRefusedRecords(Completion c, List<Future<RecordMetadata>> futures) {
        List<ProducerRecord<String, byte[]>> records = c.outcome().records();
        List<ProducerRecord<String, byte[]>> kept = new ArrayList<>();
        boolean changed = false;
        for (int i = 0; i < records.size(); i++) {
            ProducerRecord<String, byte[]> r = records.get(i);
            if (i >= futures.size() || !ProducerErrors.isRecordError(failureOf(futures.get(i)))) {
                kept.add(r);
                continue;
            }
            changed = true;
            var smaller = cutDown.contains(r) ? java.util.Optional.<ProducerRecord<String, byte[]>>empty()
                    : OversizedRecords.cutDown(r);
            if (smaller.isPresent()) {
                LOG.warn("a record for {} of {}@{} was refused: sending it cut down", r.topic(), c.partition(),
                        c.offset());
                cutDown.add(smaller.get());
                kept.add(smaller.get());
            } else {
                LOG.error("a record for {} of {}@{} was refused and cannot be cut further: dropped, the input "
                        + "record is finished without it", r.topic(), c.partition(), c.offset());
            }
        }
        return changed ? new Completion(c.partition(), c.epoch(), c.offset(),
                new JobOutcome(kept, c.outcome().succeeded())) : c;
    }

    private static Throwable failureOf(Future<RecordMetadata> f) {
        if (!f.isDone()) {
            return null;
        }
        try {
            f.get();
            return null;
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
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
