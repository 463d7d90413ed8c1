package io.asrhub.publish;

import io.asrhub.offsets.OffsetTracker;
import io.asrhub.records.AvroCodec;
import io.asrhub.records.FieldBounds;
import io.asrhub.schema.JobStatus;
import io.asrhub.schema.TranscriptResult;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A record the producer refuses as too large fails that record, never the worker: it is sent
 * again cut down (results and dead letters) or dropped (anything else), and its input record is
 * finished, in both delivery modes.
 */
class RecordErrorsTest {
    private static final TopicPartition TP = new TopicPartition("asr.jobs.small", 0);
    private static final RetryPolicy FAST = new RetryPolicy(3, Duration.ofMillis(1), Duration.ofMillis(5));
    private static final int LIMIT = 1024 * 1024;

    private final MockConsumer<String, byte[]> consumer = new MockConsumer<>("earliest");
    private final OffsetTracker offsets = new OffsetTracker();
    private long epoch;

    private void assign() {
        offsets.assigned(Set.of(TP));
        epoch = offsets.epoch(TP);
        offsets.fetched(TP, epoch, 0);
    }

    /** The dead letter and result of a record whose job id is 6,000,000 characters, carrying 2 MB of original. */
    private Completion hugeDeadLetter() {
        String id = "j".repeat(6_000_000);
        TranscriptResult result = TranscriptResult.newBuilder().setJobId(id).setStatus(JobStatus.FAILED)
                .setErrorCode("MALFORMED_RECORD").setErrorMessage("m".repeat(10_000)).build();
        TranscriptResult letter = TranscriptResult.newBuilder(result)
                .setOriginalJob(ByteBuffer.wrap(new byte[2 * 1024 * 1024])).build();
        return new Completion(TP, epoch, 0, new JobOutcome(List.of(
                new ProducerRecord<>("asr.jobs.dlq", id, AvroCodec.encode(letter)),
                new ProducerRecord<>("asr.transcripts", "ok-key", AvroCodec.encode(
                        TranscriptResult.newBuilder(result).setJobId("short").setErrorMessage("fits").build()))),
                false));
    }

    @Test
    void atLeastOnceSendsATooLargeDeadLetterCutDownAndFinishesTheRecord() throws Exception {
        assign();
        LimitedProducer producer = new LimitedProducer(LIMIT);
        AtLeastOncePublisher publisher = new AtLeastOncePublisher(producer, new io.asrhub.group.GroupLedger(consumer, offsets), FAST);
        publisher.publish(List.of(hugeDeadLetter()));
        publisher.flush(Duration.ofSeconds(5)); // no PublishFailedException: the worker goes on

        assertEquals(1, producer.refused, "only the original dead letter was refused");
        assertEquals(2, producer.history().size(), "the result once, the dead letter once cut down");
        ProducerRecord<String, byte[]> letter = producer.history().stream()
                .filter(r -> r.topic().equals("asr.jobs.dlq")).findFirst().orElseThrow();
        assertTrue(letter.key().length() <= FieldBounds.JOB_ID, "key cut: " + letter.key().length());
        TranscriptResult cut = AvroCodec.decodeResult(letter.value());
        assertTrue(cut.getJobId().length() <= FieldBounds.JOB_ID && cut.getJobId().endsWith("[6000000 chars]"),
                cut.getJobId().substring(200));
        assertNull(cut.getOriginalJob(), "the original record is left out");
        assertEquals("MALFORMED_RECORD", cut.getErrorCode());
        assertEquals(Map.of(TP, new OffsetAndMetadata(1)), offsets.committable(Set.of(TP)), "record finished");
    }

    @Test
    void atLeastOnceDropsARecordThatCannotBeCutAndStillFinishes() {
        assign();
        LimitedProducer producer = new LimitedProducer(LIMIT);
        AtLeastOncePublisher publisher = new AtLeastOncePublisher(producer, new io.asrhub.group.GroupLedger(consumer, offsets), FAST);
        publisher.publish(List.of(new Completion(TP, epoch, 0, new JobOutcome(List.of(
                new ProducerRecord<>("asr.pieces", "job#1", new byte[2 * LIMIT])), true))));
        publisher.flush(Duration.ofSeconds(5));
        assertEquals(1, producer.refused);
        assertEquals(0, producer.history().size(), "nothing written");
        assertEquals(Map.of(TP, new OffsetAndMetadata(1)), offsets.committable(Set.of(TP)), "record finished");
    }

    @Test
    void transactionalAbortsAndSendsTheBatchAgainWithTheRecordCutDown() throws Exception {
        assign();
        LimitedProducer producer = new LimitedProducer(LIMIT);
        TransactionalPublisher publisher = new TransactionalPublisher(producer, consumer, offsets, FAST);
        publisher.publish(List.of(hugeDeadLetter()));
        publisher.commit(true, Set.of(TP));
        assertTrue(producer.transactionAborted(), "the transaction holding the refused record was aborted");
        publisher.commit(false, Set.of(TP)); // no backoff: the refusal was the record's, not the broker's
        assertTrue(producer.transactionCommitted(), "the batch went again and committed");
        assertEquals(1, producer.refused);
        ProducerRecord<String, byte[]> letter = producer.history().stream()
                .filter(r -> r.topic().equals("asr.jobs.dlq")).findFirst().orElseThrow();
        assertNull(AvroCodec.decodeResult(letter.value()).getOriginalJob());
        assertEquals(2, producer.history().size(), "result and cut-down dead letter, each once");
        assertEquals(Map.of(), offsets.committable(Set.of(TP)), "offset committed with the transaction");
        assertEquals(Map.of(TP, new OffsetAndMetadata(1)), producer.consumerGroupOffsetsHistory().get(0)
                .values().iterator().next());
    }
}
