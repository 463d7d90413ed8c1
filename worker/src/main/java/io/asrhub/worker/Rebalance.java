package io.asrhub.worker;

import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Collection;
import java.util.concurrent.locks.LockSupport;

/**
 * Cooperative rebalancing: only partitions that move are revoked. Their queued jobs are dropped,
 * running ones get {@code worker.revoke-grace-ms} to finish, what finished is committed, and the
 * rest is abandoned visibly (log + {@code asr.jobs.abandoned}): their completions belong to an old
 * assignment epoch and are ignored, never published or committed. Runs on the poll thread.
 */
final class Rebalance implements ConsumerRebalanceListener {
    private static final Logger LOG = LoggerFactory.getLogger(Rebalance.class);

    private final AsrWorker worker;
    private final java.util.concurrent.atomic.AtomicInteger revocations = new java.util.concurrent.atomic.AtomicInteger();

    Rebalance(AsrWorker worker) {
        this.worker = worker;
    }

    int revocations() {
        return revocations.get(); // read by other threads (tests, meters)
    }

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
        worker.offsets().assigned(partitions);
        worker.healthState().assigned();
    }

    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
        if (partitions.isEmpty()) {
            return;
        }
        revocations.incrementAndGet();
        worker.backlog().drop(partitions);
        long deadline = System.nanoTime() + worker.settings().revokeGrace().toNanos();
        while (worker.offsets().running(partitions) > 0 && System.nanoTime() < deadline && !worker.aborting()) {
            worker.handleFinished();
            LockSupport.parkNanos(10_000_000); // waiting for job threads; the consumer must not be polled here
        }
        worker.handleFinished();
        int abandoned = worker.offsets().running(partitions);
        if (!worker.aborting()) {
            try {
                worker.publisher().flush();
                worker.publisher().commit(true, partitions);
            } catch (RuntimeException e) {
                LOG.warn("commit on revocation failed; the new owner will redo some jobs: {}", e.toString());
            }
        }
        if (abandoned > 0) {
            LOG.warn("{} job(s) of revoked partitions {} still running after the {} ms revoke grace: abandoned "
                    + "uncommitted, the new owner redoes them", abandoned, partitions,
                    worker.settings().revokeGrace().toMillis());
            partitions.forEach(tp -> worker.metrics().abandoned(
                    worker.settings().topics().laneOf(tp.topic()), worker.offsets().running(java.util.List.of(tp))));
        }
        worker.offsets().removed(partitions);
    }

    @Override
    public void onPartitionsLost(Collection<TopicPartition> partitions) {
        worker.backlog().drop(partitions);
        worker.offsets().removed(partitions);
    }
}
