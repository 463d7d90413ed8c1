package io.asrhub.publish;

import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Default mode: results go out through an idempotent producer, and a record counts as finished
 * only when every record of its outcome is acknowledged. A crash between publish and commit
 * repeats the job (duplicate result), never loses it.
 *
 * <p>A failed send is classified: fatal errors stop the worker; retriable ones are sent again
 * after a capped exponential backoff, at most {@link RetryPolicy#maxAttempts()} times; a record
 * refused for its own content (too large) is sent once more cut down, else dropped
 * ({@link OversizedRecords}), and its input record is finished. The resend
 * is a new application-level send, so it may duplicate a record the broker did write before the
 * error surfaced (idempotence only de-duplicates the producer's own internal retries); consumers
 * deduplicate on {@code jobId}, as for any at-least-once result.
 */
public final class AtLeastOncePublisher implements ResultPublisher {
    private static final Logger LOG = LoggerFactory.getLogger(AtLeastOncePublisher.class);

    private final Producer<String, byte[]> producer;
    private final DeliveryLedger ledger;
    private final RetryPolicy retry;
    private final Queue<Acknowledged> acknowledged = new ConcurrentLinkedQueue<>();
    private final PriorityQueue<Pending> resends = new PriorityQueue<>((a, b) -> Long.compare(a.dueNanos, b.dueNanos));
    private final AtomicReference<RuntimeException> fatal = new AtomicReference<>();
    private int outstanding;

    public AtLeastOncePublisher(Producer<String, byte[]> producer, DeliveryLedger ledger, RetryPolicy retry) {
        this.producer = producer;
        this.ledger = ledger;
        this.retry = retry;
    }

    @Override
    public void publish(List<Completion> completions) {
        completions.forEach(c -> send(c, 1, false));
    }

    /** {@code cut}: the records are already cut-down replacements; a record error now drops them. */
    private void send(Completion c, int attempt, boolean cut) {
        List<ProducerRecord<String, byte[]>> records = c.outcome().records();
        AtomicInteger left = new AtomicInteger(records.size());
        Exception[] errors = new Exception[records.size()];
        outstanding++;
        for (int i = 0; i < records.size(); i++) {
            int index = i;
            try {
                producer.send(records.get(i), (metadata, error) -> {
                    errors[index] = error;
                    if (left.decrementAndGet() == 0) {
                        acknowledged.add(new Acknowledged(c, attempt, cut, errors));
                    }
                });
            } catch (KafkaException e) {
                // send() itself failed (e.g. metadata not available within max.block.ms): same rules.
                errors[index] = e;
                if (left.decrementAndGet() == 0) {
                    acknowledged.add(new Acknowledged(c, attempt, cut, errors));
                }
            }
        }
    }

    @Override
    public void collectAcknowledgements() {
        Acknowledged a;
        while ((a = acknowledged.poll()) != null) {
            outstanding--;
            Completion c = a.completion();
            Exception error = a.producerError();
            if (error == null) {
                List<ProducerRecord<String, byte[]>> refused = a.refusedRecords();
                if (refused.isEmpty()) {
                    ledger.written(c.partition(), c.epoch(), c.offset(), c.outcome().succeeded());
                } else {
                    sendCutDown(c, a, refused);
                }
            } else if (ProducerErrors.isFatal(error)) {
                fatal.compareAndSet(null, new PublishFailedException("cannot publish results: " + error, error));
            } else if (a.attempt() >= retry.maxAttempts()) {
                fatal.compareAndSet(null, new PublishFailedException("cannot publish the result of " + c.partition()
                        + "@" + c.offset() + " after " + a.attempt() + " attempts: " + error, error));
            } else {
                long delay = retry.backoffMillis(a.attempt());
                LOG.warn("publishing result of {}@{} failed (attempt {}), resending in {} ms: {}", c.partition(),
                        c.offset(), a.attempt(), delay, error.toString());
                resends.add(new Pending(c, a.attempt() + 1, System.nanoTime() + delay * 1_000_000));
            }
        }
        long now = System.nanoTime();
        while (!resends.isEmpty() && resends.peek().dueNanos <= now) {
            Pending p = resends.poll();
            send(p.completion, p.attempt, false);
        }
        RuntimeException f = fatal.get();
        if (f != null) {
            throw f;
        }
    }

    /**
     * Records the producer refused for their own content (too large...) are sent once more cut
     * down; those that cannot be cut, or were already cut, are dropped. The others of the outcome
     * were written and are not sent again. The input record is finished either way.
     */
    private void sendCutDown(Completion c, Acknowledged a, List<ProducerRecord<String, byte[]>> refused) {
        List<ProducerRecord<String, byte[]>> replacements = new java.util.ArrayList<>();
        for (ProducerRecord<String, byte[]> r : refused) {
            var smaller = a.cut() ? java.util.Optional.<ProducerRecord<String, byte[]>>empty()
                    : OversizedRecords.cutDown(r);
            if (smaller.isPresent()) {
                LOG.warn("a record for {} of {}@{} was refused ({} bytes): sending it cut down", r.topic(),
                        c.partition(), c.offset(), r.value() == null ? 0 : r.value().length);
                replacements.add(smaller.get());
            } else {
                LOG.error("a record for {} of {}@{} was refused and cannot be cut further: dropped, the input "
                        + "record is finished without it", r.topic(), c.partition(), c.offset());
            }
        }
        if (replacements.isEmpty()) {
            ledger.written(c.partition(), c.epoch(), c.offset(), c.outcome().succeeded());
        } else {
            send(new Completion(c.partition(), c.epoch(), c.offset(),
                    new JobOutcome(replacements, c.outcome().succeeded())), a.attempt(), true);
        }
    }

    @Override
    public void commit(boolean sync, Collection<TopicPartition> partitions) {
        ledger.commit(sync, partitions);
    }

    /**
     * Waits for every outstanding send, including due resends, within {@code timeout}. It does not
     * call {@code producer.flush()}, which may block for the producer's whole delivery timeout when
     * the broker is gone; the sends are already on their way (linger is a few milliseconds).
     */
    @Override
    public void flush(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        do {
            collectAcknowledgements();
            if (outstanding == 0 && resends.isEmpty()) {
                return;
            }
            parkBriefly();
        } while (System.nanoTime() < deadline);
    }

    private static void parkBriefly() {
        java.util.concurrent.locks.LockSupport.parkNanos(20_000_000);
    }

    /** Completions still waiting for an acknowledgement or a resend. */
    public int unacknowledged() {
        return outstanding + resends.size();
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }

    /** {@code errors}: one per record of the outcome, null where it was written. */
    private record Acknowledged(Completion completion, int attempt, boolean cut, Exception[] errors) {
        /** The first error that is not about one record's content: it decides for the whole outcome. */
        Exception producerError() {
            for (Exception e : errors) {
                if (e != null && !ProducerErrors.isRecordError(e)) {
                    return e;
                }
            }
            return null;
        }

        List<ProducerRecord<String, byte[]>> refusedRecords() {
            List<ProducerRecord<String, byte[]>> refused = new java.util.ArrayList<>();
            for (int i = 0; i < errors.length; i++) {
                if (errors[i] != null) {
                    refused.add(completion.outcome().records().get(i));
                }
            }
            return refused;
        }
    }

    private record Pending(Completion completion, int attempt, long dueNanos) {
    }

}
