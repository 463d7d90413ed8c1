package io.asrhub.client;

import io.asrhub.records.AvroCodec;
import io.asrhub.schema.TranscriptResult;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Reads a results or dead-letter topic without joining a group (assigns every partition), so
 * any number of readers can watch without disturbing each other or the workers.
 */
public final class ResultReader implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ResultReader.class);
    private final KafkaConsumer<String, byte[]> consumer;

    public ResultReader(String bootstrap, String topic, boolean fromBeginning) {
        this(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 64 * 1024 * 1024), topic, fromBeginning,
                new ByteArrayDeserializer());
    }

    /** With the settings' connection and {@code kafka.client.*} security settings. */
    public ResultReader(io.asrhub.kafka.WorkerSettings settings, String topic, boolean fromBeginning) {
        this(io.asrhub.kafka.KafkaClients.readerConfig(settings), topic, fromBeginning,
                settings.records().valueDeserializer());
    }

    private ResultReader(Map<String, Object> config, String topic, boolean fromBeginning,
                         org.apache.kafka.common.serialization.Deserializer<byte[]> values) {
        consumer = new KafkaConsumer<>(config, new StringDeserializer(), values);
        List<TopicPartition> partitions = new ArrayList<>();
        for (PartitionInfo p : consumer.partitionsFor(topic, Duration.ofSeconds(30))) {
            partitions.add(new TopicPartition(topic, p.partition()));
        }
        consumer.assign(partitions);
        if (fromBeginning) {
            consumer.seekToBeginning(partitions);
        } else {
            consumer.seekToEnd(partitions);
            partitions.forEach(consumer::position); // fix the position now, before anything is produced
        }
    }

    /** Returns the decoded results of one poll; undecodable records are logged and skipped. */
    public List<TranscriptResult> poll(Duration timeout) {
        List<TranscriptResult> out = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> r : consumer.poll(timeout)) {
            try {
                out.add(AvroCodec.decodeResult(r.value()));
            } catch (IOException | RuntimeException e) {
                LOG.warn("skipping undecodable record {}-{}@{}: {}", r.topic(), r.partition(), r.offset(), e.toString());
            }
        }
        return out;
    }

    /** Polls until {@code done} says so or the timeout passes; returns everything read. */
    public List<TranscriptResult> readUntil(Predicate<List<TranscriptResult>> done, Duration timeout) {
        List<TranscriptResult> all = new ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!done.test(all) && System.nanoTime() < deadline) {
            all.addAll(poll(Duration.ofMillis(100)));
        }
        return all;
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(2));
    }
}
