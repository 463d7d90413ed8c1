package io.asrhub.group;

import io.asrhub.kafka.WorkerSettings;
import io.asrhub.offsets.OffsetTracker;
import io.asrhub.publish.ResultPublisher;
import io.asrhub.records.Lane;
import io.asrhub.worker.JobSource;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Collection;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
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
    private final JobSource.Pipeline pipeline;
    private final ResultPublisher publisher;
    private final WorkerSettings settings;
    private final AtomicInteger revocations = new AtomicInteger();
    private final AtomicInteger owned = new AtomicInteger();

    Rebalance(OffsetTracker offsets, JobSource.Pipeline pipeline, ResultPublisher publisher, WorkerSettings settings) {
        this.offsets = offsets;
        this.pipeline = pipeline;
        this.publisher = publisher;
        this.settings = settings;
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
        pipeline.assigned();
    }

    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
        if (partitions.isEmpty()) {
            return;
        }
        revocations.incrementAndGet();
        pipeline.dropQueued(partitions);
        long deadline = System.nanoTime() + settings.revokeGrace().toNanos();
        while (offsets.running(partitions) > 0 && System.nanoTime() < deadline && !pipeline.aborting()) {
            pipeline.handleFinished();
            LockSupport.parkNanos(10_000_000); // waiting for job threads; the consumer must not be polled here
        }
        pipeline.handleFinished();
        int abandoned = offsets.running(partitions);
        if (!pipeline.aborting()) {
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
            partitions.forEach(tp -> pipeline.abandonedOnRevocation(settings.topics().lanes().contains(tp.topic())
                    ? settings.topics().laneOf(tp.topic()) : Lane.LARGE, offsets.running(List.of(tp))));
        }
        offsets.removed(partitions);
        owned.addAndGet(-partitions.size());
    }

    @Override
    public void onPartitionsLost(Collection<TopicPartition> partitions) {
        pipeline.dropQueued(partitions);
        offsets.removed(partitions);
        owned.addAndGet(-partitions.size());
    }
}
