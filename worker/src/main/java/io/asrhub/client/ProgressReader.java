package io.asrhub.client;

import io.asrhub.kafka.KafkaClients;
import io.asrhub.kafka.WorkerSettings;
import io.asrhub.pieces.PieceCodec;
import io.asrhub.schema.JobProgress;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Follows the progress topic from now on, without joining a group. Created before the jobs are
 * published, so its start position is fixed before any of their progress can exist and the first
 * record (pieces done = 0) cannot slip past.
 *
 * <p>When the topic does not exist yet, it looks again every few seconds; once the topic appears it
 * reads it from the beginning, since everything in it was written after this reader started. Partitions
 * added to the topic later are not followed.
 */
public final class ProgressReader implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ProgressReader.class);
    private static final long RECHECK_NANOS = 2_000_000_000L;
    private final KafkaConsumer<String, byte[]> consumer;
    private final String topic;
    private boolean assigned;
    private long lastCheck;

    public ProgressReader(WorkerSettings settings, String topic) {
        Map<String, Object> config = new HashMap<>(KafkaClients.readerConfig(settings));
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, "asr-hub-progress");
        // Looking for a topic that is not there yet must not create it with the broker's defaults.
        config.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        this.consumer = new KafkaConsumer<>(config, new StringDeserializer(), settings.records().valueDeserializer());
        this.topic = topic;
        List<TopicPartition> partitions = partitions();
        if (!partitions.isEmpty()) {
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            partitions.forEach(consumer::position); // fix the position now, before anything is produced
            assigned = true;
        }
        lastCheck = System.nanoTime();
    }

    /** The progress records that arrived; waits up to {@code timeout} only while the topic is followed. */
    public List<JobProgress> poll(Duration timeout) {
        List<JobProgress> out = new ArrayList<>();
        if (!assigned) {
            if (System.nanoTime() - lastCheck < RECHECK_NANOS) {
                return out;
            }
            lastCheck = System.nanoTime();
            List<TopicPartition> partitions = partitions();
            if (partitions.isEmpty()) {
                return out;
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            assigned = true;
        }
        for (ConsumerRecord<String, byte[]> r : consumer.poll(timeout)) {
            try {
                out.add(PieceCodec.decodeProgress(r.value()));
            } catch (IOException | RuntimeException e) {
                LOG.warn("skipping undecodable record {}-{}@{}: {}", r.topic(), r.partition(), r.offset(), e.toString());
            }
        }
        return out;
    }

    private List<TopicPartition> partitions() {
        List<TopicPartition> out = new ArrayList<>();
        List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(30));
        if (infos != null) {
            infos.forEach(p -> out.add(new TopicPartition(topic, p.partition())));
        }
        return out;
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(2));
    }
}
