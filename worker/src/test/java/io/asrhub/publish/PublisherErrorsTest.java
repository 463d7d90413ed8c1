package io.asrhub.publish;

import io.asrhub.offsets.OffsetTracker;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Producer errors are classified as in Kafka's exactly-once example: fatal ones stop, the rest retry with a bound. */
class PublisherErrorsTest {
    private static final TopicPartition TP = new TopicPartition("asr.jobs.small", 0);
    private static final RetryPolicy FAST = new RetryPolicy(3, Duration.ofMillis(1), Duration.ofMillis(5));

    private final MockConsumer<String, byte[]> consumer = new MockConsumer<>("earliest");
    private final OffsetTracker offsets = new OffsetTracker();
    private long epoch;

    private Completion completion(long offset) {
        return new Completion(TP, epoch, offset, new JobOutcome(
                List.of(new ProducerRecord<>("asr.transcripts", "job-" + offset, new byte[] {1})), true));
    }

    private MockProducer<String, byte[]> producer() {
        return new MockProducer<>(false, null, new StringSerializer(), new ByteArraySerializer());
    }

    private void assign() {
        offsets.assigned(Set.of(TP));
        epoch = offsets.epoch(TP);
        offsets.fetched(TP, epoch, 0);
    }

    @Test
    void aRetriableErrorIsResentAndTheOffsetAdvancesOnlyAfterTheAcknowledgement() throws Exception {
        assign();
        MockProducer<String, byte[]> producer = producer();
        AtLeastOncePublisher publisher = new AtLeastOncePublisher(producer, new io.asrhub.group.GroupLedger(consumer, offsets), FAST);
        publisher.publish(List.of(completion(0)));
        producer.errorNext(new TimeoutException("broker slow"));
        publisher.collectAcknowledgements();
        assertEquals(Map.of(TP, new OffsetAndMetadata(0)), offsets.committable(Set.of(TP)),
                "not past the record after a failed send");
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (producer.history().size() < 2 && System.nanoTime() < deadline) {
            publisher.collectAcknowledgements(); // the resend goes out once its backoff is over
        }
        assertEquals(2, producer.history().size(), "sent again");
        producer.completeNext();
        publisher.collectAcknowledgements();
        assertEquals(Map.of(TP, new OffsetAndMetadata(1)), offsets.committable(Set.of(TP)));
    }

    @Test
    void aFatalErrorStopsTheWorker() {
        assign();
        MockProducer<String, byte[]> producer = producer();
        AtLeastOncePublisher publisher = new AtLeastOncePublisher(producer, new io.asrhub.group.GroupLedger(consumer, offsets), FAST);
        publisher.publish(List.of(completion(0)));
        producer.errorNext(new TopicAuthorizationException("no write access"));
        assertThrows(PublishFailedException.class, publisher::collectAcknowledgements);
    }

    @Test
    void retriesAreBounded() {
        assign();
        MockProducer<String, byte[]> producer = producer();
        AtLeastOncePublisher publisher = new AtLeastOncePublisher(producer, new io.asrhub.group.GroupLedger(consumer, offsets), FAST);
        publisher.publish(List.of(completion(0)));
        assertThrows(PublishFailedException.class, () -> {
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (System.nanoTime() < deadline) {
                while (producer.errorNext(new TimeoutException("still down"))) {
                    // fail every send that is waiting
                }
                publisher.collectAcknowledgements();
            }
        });
    }

    @Test
    void aFailedTransactionIsAbortedAndSentAgainAFencedOneStops() {
        assign();
        MockProducer<String, byte[]> producer = producer();
        TransactionalPublisher publisher = new TransactionalPublisher(producer, consumer, offsets, FAST);
        publisher.publish(List.of(completion(0)));
        producer.commitTransactionException = new KafkaException("coordinator moved");
        publisher.commit(true, Set.of(TP));
        assertTrue(producer.transactionAborted(), "aborted");
        assertEquals(Map.of(TP, new OffsetAndMetadata(0)), offsets.committable(Set.of(TP)),
                "the offset was reopened");
        producer.commitTransactionException = null;
        publisher.commit(true, Set.of(TP));
        assertTrue(producer.transactionCommitted());
        publisher.publish(List.of(completion(1)));
        offsets.fetched(TP, epoch, 1);
        producer.fenceProducer();
        assertThrows(PublishFailedException.class, () -> publisher.commit(true, Set.of(TP)));
    }
}
