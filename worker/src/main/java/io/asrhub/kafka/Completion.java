package io.asrhub.kafka;

import org.apache.kafka.common.TopicPartition;

/** A job that finished on a worker thread, waiting for the poll thread to publish and track it. */
record Completion(TopicPartition partition, long offset, JobOutcome outcome) {
}
