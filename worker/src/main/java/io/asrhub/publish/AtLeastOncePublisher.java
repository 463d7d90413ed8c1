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
 * after a capped exponential backoff, at most {@link RetryPolicy#maxAttempts()} times. The resend
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
        completions.forEach(c -> send(c, 1));
    }

    private void send(Completion c, int attempt) {
        List<ProducerRecord<String, byte[]>> records = c.outcome().records();
        AtomicInteger left = new AtomicInteger(records.size());
        AtomicReference<Exception> failure = new AtomicReference<>();
        outstanding++;
        for (ProducerRecord<String, byte[]> r : records) {
            try {
                producer.send(r, (metadata, error) -> {
                    if (error != null) {
                        failure.compareAndSet(null, error);
                    }
                    if (left.decrementAndGet() == 0) {
                        acknowledged.add(new Acknowledged(c, attempt, failure.get()));
                    }
                });
            } catch (KafkaException e) {
                // send() itself failed (e.g. metadata not available within max.block.ms): same rules.
                failure.compareAndSet(null, e);
                if (left.decrementAndGet() == 0) {
                    acknowledged.add(new Acknowledged(c, attempt, failure.get()));
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
            if (a.error() == null) {
                ledger.written(c.partition(), c.epoch(), c.offset(), c.outcome().succeeded());
            } else if (ProducerErrors.isFatal(a.error())) {
                fatal.compareAndSet(null, new PublishFailedException("cannot publish results: " + a.error(), a.error()));
            } else if (a.attempt() >= retry.maxAttempts()) {
                fatal.compareAndSet(null, new PublishFailedException("cannot publish the result of " + c.partition()
                        + "@" + c.offset() + " after " + a.attempt() + " attempts: " + a.error(), a.error()));
            } else {
                long delay = retry.backoffMillis(a.attempt());
                LOG.warn("publishing result of {}@{} failed (attempt {}), resending in {} ms: {}", c.partition(),
                        c.offset(), a.attempt(), delay, a.error().toString());
                resends.add(new Pending(c, a.attempt() + 1, System.nanoTime() + delay * 1_000_000));
            }
        }
        long now = System.nanoTime();
        while (!resends.isEmpty() && resends.peek().dueNanos <= now) {
            Pending p = resends.poll();
            send(p.completion, p.attempt);
        }
        RuntimeException f = fatal.get();
        if (f != null) {
            throw f;
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

    private record Acknowledged(Completion completion, int attempt, Exception error) {
    }

    private record Pending(Completion completion, int attempt, long dueNanos) {
    }

}
