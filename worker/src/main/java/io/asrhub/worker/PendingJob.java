package io.asrhub.worker;

import io.asrhub.records.Lane;
import io.asrhub.schema.AudioJob;
import io.asrhub.schema.AudioPiece;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

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
    /** Set by the poll thread when this piece's run passed the piece timeout and was dispatched again. */
    volatile boolean timedOut;
    int attempts;
    int tries;
    long lastFailureNanos;
    long notBeforeNanos;
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
}
