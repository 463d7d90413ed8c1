package io.asrhub.publish;

import org.apache.kafka.common.TopicPartition;

/**
 * A finished record waiting for the poll thread to publish and track it. {@code epoch} is the
 * assignment epoch the record was fetched in: a completion from an earlier epoch is ignored.
 */
public record Completion(TopicPartition partition, long epoch, long offset, JobOutcome outcome) {
}
