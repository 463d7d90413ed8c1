package io.asrhub.group;

import io.asrhub.offsets.OffsetTracker;
import io.asrhub.publish.DeliveryLedger;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Collection;
import java.util.Map;

/**
 * A consumer group's ledger: a written output finishes its offset, and commits move each
 * partition up to its first unfinished record, so a commit never passes a job whose result is
 * not durably written.
 */
public final class GroupLedger implements DeliveryLedger {
    private static final Logger LOG = LoggerFactory.getLogger(GroupLedger.class);

    private final Consumer<String, byte[]> consumer;
    private final OffsetTracker offsets;

    public GroupLedger(Consumer<String, byte[]> consumer, OffsetTracker offsets) {
        this.consumer = consumer;
        this.offsets = offsets;
    }

    @Override
    public boolean written(TopicPartition partition, long epoch, long offset, boolean succeeded) {
        return offsets.finished(partition, epoch, offset);
    }

    @Override
    public void commit(boolean sync, Collection<TopicPartition> partitions) {
        Map<TopicPartition, OffsetAndMetadata> toCommit = offsets.committable(partitions);
        if (toCommit.isEmpty()) {
            return;
        }
        if (sync) {
            consumer.commitSync(toCommit, Duration.ofSeconds(10));
            offsets.committed(toCommit);
        } else {
            // The callback runs on this (the poll) thread; only a confirmed commit moves the marker,
            // so a failed one is simply sent again at the next interval.
            consumer.commitAsync(toCommit, (done, error) -> {
                if (error != null) {
                    LOG.info("offset commit failed, retrying at the next interval: {}", error.toString());
                } else {
                    offsets.committed(done);
                }
            });
        }
    }
}
