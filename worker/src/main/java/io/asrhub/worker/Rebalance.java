package io.asrhub.worker;

import io.asrhub.kafka.WorkerSettings;
import io.asrhub.offsets.OffsetTracker;
import io.asrhub.publish.ResultPublisher;

import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Collection;
import java.util.function.BooleanSupplier;
import java.util.concurrent.locks.LockSupport;

/**
 * Cooperative rebalancing: only partitions that move are revoked. Their queued jobs are dropped,
 * running ones get {@code worker.revoke-grace-ms} to finish, what finished is committed, and the
 * rest is abandoned visibly (log + {@code asr.jobs.abandoned}): their completions belong to an old
 * assignment epoch and are ignored, never published or committed. Runs on the poll thread.
 */
final class Rebalance implements ConsumerRebalanceListener {
    private static final Logger LOG = LoggerFactory.getLogger(Rebalance.class);

    private final OffsetTracker offsets;
    private final Backlog backlog;
    private final ResultPublisher publisher;
    private final FinishedJobs finished;
    private final WorkerSettings settings;
    private final WorkerMetrics metrics;
    private final WorkerHealth health;
    private final BooleanSupplier aborting;
    private final java.util.concurrent.atomic.AtomicInteger revocations = new java.util.concurrent.atomic.AtomicInteger();
    private final java.util.concurrent.atomic.AtomicInteger owned = new java.util.concurrent.atomic.AtomicInteger();

    Rebalance(OffsetTracker offsets, Backlog backlog, ResultPublisher publisher, FinishedJobs finished,
              WorkerSettings settings, WorkerMetrics metrics, WorkerHealth health, BooleanSupplier aborting) {
        this.offsets = offsets;
        this.backlog = backlog;
        this.publisher = publisher;
        this.finished = finished;
        this.settings = settings;
        this.metrics = metrics;
        this.health = health;
        this.aborting = aborting;
    }

    int revocations() {
        return revocations.get(); // read by other threads (tests, meters)
    }

    int ownedPartitions() {
        return owned.get();
    }

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
        offsets.assigned(partitions);
        owned.addAndGet(partitions.size()); // cooperative: only the partitions added by this round
        health.assigned();
    }

    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
        if (partitions.isEmpty()) {
            return;
        }
        revocations.incrementAndGet();
        backlog.drop(partitions);
        long deadline = System.nanoTime() + settings.revokeGrace().toNanos();
        while (offsets.running(partitions) > 0 && System.nanoTime() < deadline && !aborting.getAsBoolean()) {
            finished.handle();
            LockSupport.parkNanos(10_000_000); // waiting for job threads; the consumer must not be polled here
        }
        finished.handle();
        int abandoned = offsets.running(partitions);
        if (!aborting.getAsBoolean()) {
            try {
                publisher.flush();
                publisher.commit(true, partitions);
            } catch (RuntimeException e) {
                LOG.warn("commit on revocation failed; the new owner will redo some jobs: {}", e.toString());
            }
        }
        if (abandoned > 0) {
            LOG.warn("{} job(s) of revoked partitions {} still running after the {} ms revoke grace: abandoned "
                    + "uncommitted, the new owner redoes them", abandoned, partitions,
                    settings.revokeGrace().toMillis());
            // Pieces come from long jobs: count their abandoned runs in the large lane.
            partitions.forEach(tp -> metrics.abandoned(settings.topics().lanes().contains(tp.topic())
                    ? settings.topics().laneOf(tp.topic()) : io.asrhub.records.Lane.LARGE,
                    offsets.running(java.util.List.of(tp))));
        }
        offsets.removed(partitions);
        owned.addAndGet(-partitions.size());
    }

    @Override
    public void onPartitionsLost(Collection<TopicPartition> partitions) {
        backlog.drop(partitions);
        offsets.removed(partitions);
        owned.addAndGet(-partitions.size());
    }
}
