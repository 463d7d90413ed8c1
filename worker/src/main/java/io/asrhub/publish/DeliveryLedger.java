package io.asrhub.publish;

import org.apache.kafka.common.TopicPartition;

import java.util.Collection;

/**
 * Where a publisher reports that a delivery's output is durably written, and how what is written
 * becomes final at the source: offsets committed (consumer group) or records acknowledged (share
 * group). The at-least-once publisher knows nothing else about where its records came from.
 */
public interface DeliveryLedger {
    /**
     * The output of the record at {@code offset} is written. {@code succeeded} tells a result from a
     * failure (dead letter). Returns false when the delivery belongs to an earlier assignment or lock
     * and was ignored.
     */
    boolean written(TopicPartition partition, long epoch, long offset, boolean succeeded);

    /** Makes final what was written, for {@code partitions} (all when the source has no partitions). */
    void commit(boolean sync, Collection<TopicPartition> partitions);
}
