package io.asrhub.worker;

import io.asrhub.errors.AsrException;
import io.asrhub.publish.JobOutcome;
import io.asrhub.records.AvroCodec;
import io.asrhub.records.FieldBounds;
import io.asrhub.records.Lane;
import io.asrhub.records.SchemaReadiness;
import io.asrhub.recognition.RecognitionPools;
import io.asrhub.schema.AudioJob;
import io.asrhub.logging.JobLog;
import io.asrhub.publish.ResultPublisher;
import io.asrhub.trace.TraceHeaders;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import java.util.List;

/**
 * Turns a fetched record into a queued job, or at once into a failure when the record itself is
 * unusable (not an AudioJob, a text field over its bound, or naming a provider this worker does
 * not run): such records need no
 * slot and must never hold up their partition.
 */
final class Intake {
    /**
     * How long a record whose schema id the registry has not resolved yet is held back before it is
     * dead-lettered as unreadable, and how often it is looked at meanwhile (docs/schemas.md).
     */
    private static final long SCHEMA_WAIT_NANOS = SchemaReadiness.REGISTRY_WAIT.toNanos();
    private static final long SCHEMA_RETRY_NANOS = java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(200);

    /** A job to queue, or (with {@code rejected}) one to fail at once. */
    record Accepted(PendingJob job, AsrException rejected) {
    }

    private final JobRouter router;
    private final RecognitionPools pools;
    private final JobProcessor processor;
    private final TraceHeaders traces;
    private final SchemaReadiness schemas;

    Intake(JobRouter router, RecognitionPools pools, JobProcessor processor, TraceHeaders traces,
           SchemaReadiness schemas) {
        this.router = router;
        this.pools = pools;
        this.processor = processor;
        this.traces = traces;
        this.schemas = schemas;
    }

    /** Queues a fetched record's job, or publishes at once why the record cannot be one. */
    void take(JobSource.Fetched f, Backlog backlog, ResultPublisher publisher) {
        take(f, System.nanoTime(), backlog, publisher);
    }

    /** Takes a record held back for its schema ({@link PendingJob#awaitingSchema}) again. */
    void retake(PendingJob held, Backlog backlog, ResultPublisher publisher) {
        take(held.awaitingSchema, held.awaitingSinceNanos, backlog, publisher);
    }

    private void take(JobSource.Fetched f, long fetchedAtNanos, Backlog backlog, ResultPublisher publisher) {
        ConsumerRecord<String, byte[]> r = f.record();
        byte[] value = schemas.ready(r.topic(), r.value());
        if (value == null && System.nanoTime() - fetchedAtNanos < SCHEMA_WAIT_NANOS) {
            // Held in the backlog, so its delivery stays open (and its lock renewed) while it waits.
            PendingJob held = new PendingJob(r, f.epoch(), f.isPiece() ? Lane.LARGE : f.lane(), null,
                    pools.defaultProvider());
            held.awaitingSchema = f;
            held.awaitingSinceNanos = fetchedAtNanos;
            held.notBeforeNanos = System.nanoTime() + SCHEMA_RETRY_NANOS;
            backlog.add(held);
            return;
        }
        value = value == null ? r.value() : value; // gave up waiting: the codec dead-letters it with the reason
        Accepted a = f.isPiece() ? acceptPiece(r, value, f.epoch()) : accept(r, value, f.epoch(), f.lane());
        PendingJob p = a.job();
        p.trace = traces.read(r.headers());
        if (a.rejected() == null) {
            p.tries = f.earlierDeliveries();
            backlog.add(p);
            return;
        }
        try (JobLog ignored = p.log(p.provider)) {
            JobOutcome failed = processor.failure(p, a.rejected(), p.provider,
                    pools.get(p.provider).pool().provider().modelName());
            publisher.publish(List.of(p.complete(failed)));
        }
    }

    Accepted accept(ConsumerRecord<String, byte[]> record, byte[] value, long epoch, Lane lane) {
        AudioJob job;
        try {
            job = AvroCodec.decodeJob(value);
            FieldBounds.check(job);
        } catch (AsrException e) {
            return reject(new PendingJob(record, epoch, lane, null, pools.defaultProvider()), e);
        } catch (RuntimeException | OutOfMemoryError e) {
            // A hostile record must never stop the loop: anything the decoder throws is malformed input.
            return reject(new PendingJob(record, epoch, lane, null, pools.defaultProvider()),
                    new AsrException(io.asrhub.errors.ErrorCode.MALFORMED_RECORD,
                            "record cannot be decoded as an AudioJob (" + e.getClass().getSimpleName() + ")"));
        }
        try {
            return new Accepted(new PendingJob(record, epoch, lane, job, router.route(job, lane)), null);
        } catch (AsrException e) {
            return reject(new PendingJob(record, epoch, lane, job, pools.defaultProvider()), e);
        }
    }

    /**
     * A record of the pieces topic: queued like a job of its parent's lane, as a job whose audio is
     * the piece. An unreadable one is dead-lettered like a malformed job (it can only come from a
     * foreign writer; the worker never publishes one).
     */
    Accepted acceptPiece(ConsumerRecord<String, byte[]> record, byte[] value, long epoch) {
        io.asrhub.schema.AudioPiece piece;
        try {
            piece = AvroCodec.decodePiece(value);
            FieldBounds.check(piece); // an over-long field fails as a malformed record, not as a piece
        } catch (AsrException e) {
            return reject(new PendingJob(record, epoch, Lane.LARGE, null, pools.defaultProvider()), e);
        }
        Lane lane = laneOf(piece.getLane());
        AudioJob asJob;
        try {
            // Without the parent's submit time (a foreign writer), wait is measured from the piece's publication.
            long submitted = piece.getSubmittedAtMs() > 0 ? piece.getSubmittedAtMs() : record.timestamp();
            asJob = AudioJob.newBuilder()
                    .setJobId(piece.getJobId() + "#" + (piece.getIndex() + 1))
                    .setSubmittedAtMs(java.time.Instant.ofEpochMilli(Math.max(0, submitted)))
                    .setAudio(new io.asrhub.schema.InlineAudio(piece.getAudio()))
                    .setContentType(piece.getContentType())
                    .setByteSize(piece.getAudio().remaining())
                    .setDurationMs(piece.getDurationMs())
                    .setLanguageHint(piece.getLanguageHint())
                    .setAttributes(java.util.Map.of())
                    .build();
        } catch (RuntimeException e) { // a field Avro accepted on the wire but not in a job: this record's fault
            return reject(new PendingJob(record, epoch, lane, null, pools.defaultProvider()), new AsrException(
                    io.asrhub.errors.ErrorCode.MALFORMED_RECORD, "piece record is not usable as a job: " + e.getMessage()));
        }
        try {
            return new Accepted(new PendingJob(record, epoch, lane, asJob, router.route(asJob, lane), piece), null);
        } catch (AsrException e) {
            return reject(new PendingJob(record, epoch, lane, asJob, pools.defaultProvider(), piece), e);
        }
    }

    private static Lane laneOf(String name) {
        for (Lane lane : Lane.values()) {
            if (lane.name().equalsIgnoreCase(name)) {
                return lane;
            }
        }
        return Lane.LARGE; // pieces come from long jobs; an unknown lane name must not drop the piece
    }

    private static Accepted reject(PendingJob p, AsrException e) {
        return new Accepted(p, e);
    }
}
