package io.asrhub.worker;

import io.asrhub.logging.JobLog;
import io.asrhub.publish.Completion;
import io.asrhub.publish.JobOutcome;
import io.asrhub.records.FieldBounds;
import io.asrhub.records.Lane;
import io.asrhub.trace.TraceContext;
import io.asrhub.schema.AudioJob;
import io.asrhub.schema.AudioPiece;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A fetched job waiting to start, or to start again after a transient failure. Owned by the poll
 * thread; the job thread only reads it. {@code attempts} counts failures that were the job's own
 * fault (its provider was otherwise healthy), which is what decides a dead letter.
 *
 * <p>A piece of a long job (from the pieces topic) is a PendingJob too, so it is admitted, retried,
 * committed and rebalanced exactly like a job: {@code piece} is set, and {@code job} is the piece
 * seen as a job (its audio inline, the parent's submit time and language hint).
 */
final class PendingJob {
    final ConsumerRecord<String, byte[]> record;
    final TopicPartition partition;
    final long epoch;
    final Lane lane;
    final AudioJob job;
    final String provider;
    final AudioPiece piece;
    /** The producer it counts against ({@code AudioJob.tenant}); "" for none, for pieces and unreadable records. */
    final String tenant;
    /** The trace context of the record (set at intake): carried to every record the job produces. */
    TraceContext trace = TraceContext.NONE;
    /** Set by the poll thread when this piece's run passed the piece timeout and was dispatched again. */
    volatile boolean timedOut;
    int attempts;
    int tries;
    long lastFailureNanos;
    long notBeforeNanos;
    /**
     * Set while the record is held back because its schema id is still being fetched from the
     * registry: not a job yet; the poll thread takes it again ({@code Intake.retake}) when due.
     */
    JobSource.Fetched awaitingSchema;
    long awaitingSinceNanos;
    /** When the job entered the backlog (kept across a requeue): the lane aging counts from here. */
    long queuedAtNanos = System.nanoTime();

    PendingJob(ConsumerRecord<String, byte[]> record, long epoch, Lane lane, AudioJob job, String provider) {
        this(record, epoch, lane, job, provider, null);
    }

    PendingJob(ConsumerRecord<String, byte[]> record, long epoch, Lane lane, AudioJob job, String provider,
               AudioPiece piece) {
        this.piece = piece;
        this.record = record;
        this.partition = new TopicPartition(record.topic(), record.partition());
        this.epoch = epoch;
        this.lane = lane;
        this.job = job;
        this.provider = provider;
        this.tenant = job == null || job.getTenant() == null ? "" : job.getTenant();
    }

    boolean isPiece() {
        return piece != null;
    }

    long offset() {
        return record.offset();
    }

    /**
     * The one way a finished delivery is handed to the publisher: every record of {@code outcome}
     * (result, dead letter, pieces, progress, forward) carries the job's trace context.
     */
    Completion complete(JobOutcome outcome) {
        outcome.records().forEach(r -> trace.addTo(r.headers()));
        return new Completion(partition, epoch, offset(), outcome);
    }

    /** Labels the current thread's log lines with this job until closed; {@code pool}: where it runs or ran. */
    JobLog log(String pool) {
        Map<String, String> fields = new LinkedHashMap<>();
        String id = piece != null ? piece.getJobId() : job != null ? job.getJobId() : record.key();
        fields.put(JobLog.JOB_ID, id == null ? null : FieldBounds.cut(id, FieldBounds.JOB_ID));
        fields.put(JobLog.LANE, lane.name().toLowerCase(Locale.ROOT));
        fields.put(JobLog.PROVIDER, pool);
        if (piece != null) {
            fields.put(JobLog.SPLIT_ID, piece.getSplitId());
            fields.put(JobLog.PIECE_INDEX, String.valueOf(piece.getIndex()));
        }
        fields.putAll(trace.logFields());
        return JobLog.open(fields);
    }
}
