package io.asrhub.client;

import io.asrhub.kafka.KafkaClients;
import io.asrhub.kafka.WorkerSettings;
import io.asrhub.pieces.PieceCodec;
import io.asrhub.records.AvroCodec;
import io.asrhub.schema.JobProgress;
import io.asrhub.schema.TranscriptResult;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Finds where jobs stand by reading the topics, without joining any group: the results topic, the
 * progress topic and the lanes, each only in the partition the job id's key hashes to
 * ({@link KeyPartition}), and the workers' committed offsets for the lane partitions.
 *
 * <p>The committed offsets are read before the topics: a worker publishes a result before it commits
 * the job, so a job the group committed past has its result inside the scanned range, and "taken
 * without a result" is what the topics really say, not a race of this reader.
 */
public final class JobStatusReader implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(JobStatusReader.class);
    private final WorkerSettings settings;
    private final String progressTopic;
    private final Duration timeout;
    private final KafkaConsumer<String, byte[]> consumer;
    private final Admin admin;

    /** @param timeout for each question to the cluster, and for a scan that stops making progress */
    public JobStatusReader(WorkerSettings settings, String progressTopic, Duration timeout) {
        this.settings = settings;
        this.progressTopic = progressTopic;
        this.timeout = timeout;
        Map<String, Object> config = new HashMap<>(KafkaClients.readerConfig(settings));
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, "asr-hub-status");
        config.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        // Asking about a missing topic (no progress topic yet) must not create it with broker defaults.
        config.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        this.consumer = new KafkaConsumer<>(config, new StringDeserializer(), settings.records().valueDeserializer());
        this.admin = KafkaClients.admin(settings);
    }

    /** One state per job id, in the order given. */
    public List<JobState> read(Collection<String> jobIds) throws InterruptedException {
        Map<TopicPartition, OffsetAndMetadata> committed = committedOffsets();
        Map<TopicPartition, Set<String>> wanted = new HashMap<>();
        Map<String, Integer> partitionCounts = new HashMap<>();
        List<String> topics = new ArrayList<>(settings.topics().lanes());
        topics.add(settings.topics().results());
        topics.add(progressTopic);
        for (String topic : topics) {
            int count = partitionCount(topic);
            partitionCounts.put(topic, count);
            for (String jobId : jobIds) {
                if (count > 0) {
                    wanted.computeIfAbsent(new TopicPartition(topic, KeyPartition.of(jobId, count)),
                            k -> new HashSet<>()).add(jobId);
                }
            }
        }
        Map<TopicPartition, Map<String, PartitionScan.Found>> found = new PartitionScan(consumer, timeout).scan(wanted);
        Set<TopicPartition> lanePartitions = new HashSet<>(wanted.keySet());
        lanePartitions.removeIf(tp -> !settings.topics().lanes().contains(tp.topic()));
        Map<TopicPartition, Long> logStart = consumer.beginningOffsets(lanePartitions);

        List<JobState> states = new ArrayList<>();
        for (String jobId : jobIds) {
            TranscriptResult result = decode(find(found, partitionCounts, settings.topics().results(), jobId), true);
            JobProgress progress = decode(find(found, partitionCounts, progressTopic, jobId), false);
            JobState.LanePosition position = null;
            for (String lane : settings.topics().lanes()) {
                PartitionScan.Found record = find(found, partitionCounts, lane, jobId);
                if (record != null && (position == null || position.taken())) {
                    // In two lanes (resubmitted under the same id): the copy not yet done says more.
                    OffsetAndMetadata c = committed.get(record.partition());
                    Long committedOffset = c == null ? null : c.offset();
                    long next = committedOffset != null ? committedOffset : logStart.getOrDefault(record.partition(), 0L);
                    position = new JobState.LanePosition(lane, record.partition().partition(), record.offset(),
                            committedOffset, next);
                }
            }
            states.add(JobState.of(jobId, result, progress, position));
        }
        return states;
    }

    private static PartitionScan.Found find(Map<TopicPartition, Map<String, PartitionScan.Found>> found,
                                            Map<String, Integer> partitionCounts, String topic, String jobId) {
        int count = partitionCounts.getOrDefault(topic, 0);
        if (count == 0) {
            return null;
        }
        return found.getOrDefault(new TopicPartition(topic, KeyPartition.of(jobId, count)), Map.of()).get(jobId);
    }

    @SuppressWarnings("unchecked")
    private static <T> T decode(PartitionScan.Found record, boolean result) {
        if (record == null) {
            return null;
        }
        try {
            return (T) (result ? AvroCodec.decodeResult(record.value()) : PieceCodec.decodeProgress(record.value()));
        } catch (IOException | RuntimeException e) {
            // Someone else's record under the same key: treat it as absent rather than fail the lookup.
            LOG.warn("skipping undecodable record {}@{}: {}", record.partition(), record.offset(), e.toString());
            return null;
        }
    }

    /** 0 when the topic does not exist (e.g. no progress topic where no job was ever split). */
    private int partitionCount(String topic) {
        List<PartitionInfo> partitions = consumer.partitionsFor(topic, timeout);
        return partitions == null ? 0 : partitions.size();
    }

    private Map<TopicPartition, OffsetAndMetadata> committedOffsets() throws InterruptedException {
        try {
            return admin.listConsumerGroupOffsets(settings.groupId()).partitionsToOffsetAndMetadata()
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            throw new IllegalStateException("cannot read the committed offsets of group " + settings.groupId()
                    + ": " + cause, cause);
        }
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(2));
        admin.close(Duration.ofSeconds(2));
    }
}
