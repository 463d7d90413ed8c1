package io.asrhub.kafka;

import java.util.List;

/**
 * Publishes finished jobs and commits offsets, in one of two delivery modes. Called only from
 * the poll thread.
 */
interface ResultPublisher extends AutoCloseable {
    /** Publishes the outcomes; offsets advance only once their results are durably written. */
    void publish(List<Completion> completions);

    /** Handles producer acknowledgements that arrived since the last call. */
    void collectAcknowledgements();

    /** Commits what is committable for the owned partitions (async unless {@code sync}). */
    void commit(boolean sync, java.util.Collection<org.apache.kafka.common.TopicPartition> partitions);

    /** Blocks until sent records are acknowledged (used before a final commit). */
    void flush();

    @Override
    void close();
}
