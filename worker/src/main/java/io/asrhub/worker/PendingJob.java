package io.asrhub.worker;

import io.asrhub.records.Lane;
import io.asrhub.schema.AudioJob;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * A fetched job waiting to start, or to start again after a transient failure. Owned by the poll
 * thread; the job thread only reads it. {@code attempts} counts failures that were the job's own
 * fault (its provider was otherwise healthy), which is what decides a dead letter.
 */
final class PendingJob {
    final ConsumerRecord<String, byte[]> record;
    final TopicPartition partition;
    final long epoch;
    final Lane lane;
    final AudioJob job;
    final String provider;
    int attempts;
    int tries;
    long lastFailureNanos;
    long notBeforeNanos;

    PendingJob(ConsumerRecord<String, byte[]> record, long epoch, Lane lane, AudioJob job, String provider) {
        this.record = record;
        this.partition = new TopicPartition(record.topic(), record.partition());
        this.epoch = epoch;
        this.lane = lane;
        this.job = job;
        this.provider = provider;
    }

    long offset() {
        return record.offset();
    }
}
