package io.asrhub.publish;

import org.apache.kafka.common.TopicPartition;

import java.util.Collection;
import java.util.List;

/**
 * Publishes finished jobs and commits offsets, in one of two delivery modes. Called only from
 * the poll thread. A fatal producer error surfaces as {@link PublishFailedException} from any
 * method, and the worker stops with a failure.
 */
public interface ResultPublisher extends AutoCloseable {
    /** Publishes the outcomes; offsets advance only once their results are durably written. */
    void publish(List<Completion> completions);

    /** Handles producer acknowledgements that arrived since the last call, and resends that are due. */
    void collectAcknowledgements();

    /** Commits what is committable for {@code partitions} (async unless {@code sync}). */
    void commit(boolean sync, Collection<TopicPartition> partitions);

    /** Blocks until sent records are acknowledged (used before a final commit), at most {@code timeout}. */
    void flush(java.time.Duration timeout);

    default void flush() {
        flush(java.time.Duration.ofSeconds(10));
    }

    @Override
    void close();
}
