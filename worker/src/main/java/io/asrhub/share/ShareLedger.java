package io.asrhub.share;

import io.asrhub.publish.DeliveryLedger;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Collection;
import java.util.List;

/**
 * A share group's ledger: a written output decides its record (ACCEPT for a result, REJECT for a
 * dead-lettered failure), and "commit" sends the acknowledgements the consumers can send now. An
 * acknowledgement is final, so it never runs ahead of the output it stands for.
 */
final class ShareLedger implements DeliveryLedger {
    private static final Logger LOG = LoggerFactory.getLogger(ShareLedger.class);

    private final List<LaneConsumer> consumers;

    ShareLedger(List<LaneConsumer> consumers) {
        this.consumers = consumers;
    }

    /**
     * The consumer holding {@code key}: several consumers may read one topic (one per slot for
     * pieces). When none holds it (lock lost), any consumer of the topic answers "not current".
     */
    LaneConsumer consumerOf(HeldRecords.Key key) {
        LaneConsumer ofTopic = null;
        for (LaneConsumer lc : consumers) {
            if (lc.topic.equals(key.topic())) {
                if (lc.held.holds(key)) {
                    return lc;
                }
                ofTopic = ofTopic == null ? lc : ofTopic;
            }
        }
        if (ofTopic == null) {
            throw new IllegalArgumentException("no share consumer for topic " + key.topic());
        }
        return ofTopic;
    }

    @Override
    public boolean written(TopicPartition partition, long epoch, long offset, boolean succeeded) {
        HeldRecords.Key key = new HeldRecords.Key(partition.topic(), partition.partition(), offset);
        boolean held = consumerOf(key).held.decide(key, epoch, succeeded ? Verdict.ACCEPT : Verdict.REJECT);
        if (!held) {
            LOG.warn("{} was written after its lock was lost; another worker may do it again", key);
        }
        return held;
    }

    /** Gives a delivery back for another attempt, by any worker (shutdown, or its job was cut short). */
    void release(TopicPartition partition, long epoch, long offset) {
        HeldRecords.Key key = new HeldRecords.Key(partition.topic(), partition.partition(), offset);
        consumerOf(key).held.decide(key, epoch, Verdict.RELEASE);
    }

    boolean isCurrent(TopicPartition partition, long epoch, long offset) {
        HeldRecords.Key key = new HeldRecords.Key(partition.topic(), partition.partition(), offset);
        return consumerOf(key).held.isCurrent(key, epoch);
    }

    @Override
    public void commit(boolean sync, Collection<TopicPartition> partitions) {
        for (LaneConsumer lc : consumers) {
            if (lc.acknowledgeDecided()) {
                lc.consumer.commitAsync(); // send the acknowledgements now, not at the next poll
            }
        }
    }
}
