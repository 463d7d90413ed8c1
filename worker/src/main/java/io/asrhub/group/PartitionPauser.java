package io.asrhub.group;

import io.asrhub.worker.JobSource;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;

import java.util.HashSet;
import java.util.Set;

/**
 * Back-pressure without leaving the group: a partition with {@code worker.max-queued-per-partition}
 * jobs waiting is paused (the poll loop keeps polling, so membership stays alive however long a job
 * runs) and resumed once its queue drains. While stopping, everything is paused. Poll thread only.
 */
final class PartitionPauser {
    private final Consumer<String, byte[]> consumer;
    private final JobSource.Pipeline pipeline;
    private final int maxQueuedPerPartition;

    PartitionPauser(Consumer<String, byte[]> consumer, JobSource.Pipeline pipeline,
                    int maxQueuedPerPartition) {
        this.consumer = consumer;
        this.pipeline = pipeline;
        this.maxQueuedPerPartition = maxQueuedPerPartition;
    }

    void apply(boolean running) {
        Set<TopicPartition> assignment = consumer.assignment();
        Set<TopicPartition> pause = running ? pipeline.partitionsWaiting(maxQueuedPerPartition)
                : new HashSet<>(assignment);
        pause.retainAll(assignment);
        Set<TopicPartition> resume = new HashSet<>(consumer.paused());
        resume.removeAll(pause);
        resume.retainAll(assignment);
        pause.removeAll(consumer.paused());
        if (!pause.isEmpty()) {
            consumer.pause(pause);
        }
        if (!resume.isEmpty()) {
            consumer.resume(resume);
        }
    }
}
