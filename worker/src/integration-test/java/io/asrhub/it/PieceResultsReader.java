package io.asrhub.it;

import io.asrhub.pieces.PieceCodec;
import io.asrhub.schema.PieceResult;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Reads every piece result published so far (read_committed), for counting who did which piece. */
final class PieceResultsReader implements AutoCloseable {
    private final KafkaConsumer<String, byte[]> consumer;
    private final List<PieceResult> seen = new ArrayList<>();

    PieceResultsReader(String bootstrap, String topic) {
        consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false), new StringDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> partitions = new ArrayList<>();
        for (PartitionInfo p : consumer.partitionsFor(topic, Duration.ofSeconds(30))) {
            partitions.add(new TopicPartition(topic, p.partition()));
        }
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
    }

    /** Everything read so far, after one more poll. */
    List<PieceResult> all() throws IOException {
        for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
            if (!PieceCodec.isManifest(r.value())) { // the topic also carries the splits' manifests
                seen.add(PieceCodec.decodePieceResult(r.value()));
            }
        }
        return List.copyOf(seen);
    }

    long by(String workerId) throws IOException {
        return all().stream().filter(p -> p.getWorkerId().equals(workerId)).count();
    }

    @Override
    public void close() {
        consumer.close(Duration.ZERO);
    }
}
