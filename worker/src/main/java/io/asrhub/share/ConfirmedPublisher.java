package io.asrhub.share;

import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

/**
 * Publishes one job's records and waits until the broker has confirmed all of them: in share mode
 * the record is acknowledged right after, and an ACCEPT or REJECT is final, so it must never run
 * ahead of its result or dead letter.
 */
final class ConfirmedPublisher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ConfirmedPublisher.class);
    private final Producer<String, byte[]> producer;

    ConfirmedPublisher(Producer<String, byte[]> producer) {
        this.producer = producer;
    }

    /** True when every record is durably written (acks=all); false if any send failed. */
    boolean publish(List<ProducerRecord<String, byte[]>> records) {
        if (records.isEmpty()) {
            return true;
        }
        List<Future<RecordMetadata>> sent = new ArrayList<>();
        for (ProducerRecord<String, byte[]> r : records) {
            sent.add(producer.send(r));
        }
        producer.flush();
        for (Future<RecordMetadata> f : sent) {
            try {
                f.get();
            } catch (ExecutionException e) {
                LOG.warn("publishing a result failed; the job is released for another attempt: {}",
                        e.getCause().toString());
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }

    @Override
    public void close() {
        producer.close(java.time.Duration.ofSeconds(10));
    }
}
