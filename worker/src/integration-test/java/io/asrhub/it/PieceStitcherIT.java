package io.asrhub.it;

import io.asrhub.pieces.PieceCodec;
import io.asrhub.pieces.PieceStitcherTopology;
import io.asrhub.pieces.PieceTopics;
import io.asrhub.schema.JobStatus;
import io.asrhub.schema.PieceResult;
import io.asrhub.schema.TranscriptResult;
import io.asrhub.testsupport.Splits;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The piece stitcher on a real broker with exactly_once_v2: it is stopped mid-job and replaced by an
 * instance with empty local state (so the job's pieces must come back from the store's changelog),
 * pieces are repeated on both sides of the restart, and the job still gets exactly one result.
 */
@ExtendWith(SharedKafka.class)
class PieceStitcherIT {
    private final String prefix = "stitch-" + UUID.randomUUID().toString().substring(0, 8);
    private final PieceTopics topics = new PieceTopics(prefix + ".pieces", prefix + ".piece-results",
            prefix + ".progress");
    private final String results = prefix + ".results";
    private final String deadLetters = prefix + ".dlq";

    @Test
    void oneResultPerJobAcrossARestartWithRepeatedPieces() throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, SharedKafka.bootstrap()))) {
            // One piece-results partition keeps the order of inputs, so a later job's result proves that
            // everything sent before it was processed.
            admin.createTopics(List.of(new NewTopic(topics.pieceResults(), 1, (short) 1),
                    new NewTopic(results, 1, (short) 1), new NewTopic(deadLetters, 1, (short) 1),
                    new NewTopic(topics.progress(), 1, (short) 1))).all().get();
        }
        try (KafkaProducer<String, byte[]> producer = producer();
             KafkaConsumer<String, byte[]> resultReader = committedReader(results);
             KafkaConsumer<String, byte[]> progressReader = committedReader(topics.progress())) {
            KafkaStreams first = start("a");
            Splits longJob = Splits.of("long", 3, 0);
            Splits sentinel = Splits.of("sentinel", 1, 0);
            announce(producer, longJob);
            announce(producer, sentinel);
            send(producer, longJob.ok(0));
            send(producer, longJob.ok(1));
            send(producer, longJob.ok(0));
            readUntil(progressReader, PieceCodec::decodeProgress, r -> r.size() >= 2);
            first.close(Duration.ofSeconds(30));

            // Another state directory: the job's stored pieces must come back from the changelog.
            KafkaStreams second = start("b");
            try {
                send(producer, longJob.ok(1)); // redone by another worker after a crash
                send(producer, longJob.ok(2));
                send(producer, longJob.ok(2));
                send(producer, sentinel.ok(0));
                List<TranscriptResult> got = readUntil(resultReader, RESULT::decode,
                        r -> r.stream().anyMatch(x -> x.getJobId().equals("sentinel")));

                assertEquals(List.of("long", "sentinel"), got.stream().map(TranscriptResult::getJobId).toList(),
                        "exactly one result for the long job");
                TranscriptResult job = got.get(0);
                assertEquals(JobStatus.OK, job.getStatus());
                assertEquals("long piece 1 long piece 2 long piece 3", job.getText());
                assertEquals(List.of(500L, 30_500L, 60_500L),
                        job.getSegments().stream().map(s -> s.getStartMs()).toList());
            } finally {
                second.close(Duration.ofSeconds(30));
            }
        }
    }

    private KafkaStreams start(String instance) {
        Properties props = PieceStitcherTopology.streamsConfig(SharedKafka.bootstrap(), prefix + "-stitcher");
        props.put(StreamsConfig.STATE_DIR_CONFIG, Path.of("target", "stitcher-it", prefix, instance).toString());
        props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 100);
        // Streams does not leave the group on close (like a crash): keep the takeover wait short.
        props.put(StreamsConfig.consumerPrefix(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG), 6_000);
        KafkaStreams streams = new KafkaStreams(PieceStitcherTopology.topology(topics, results, deadLetters), props);
        streams.start();
        return streams;
    }

    private void announce(KafkaProducer<String, byte[]> producer, Splits split) throws Exception {
        producer.send(new ProducerRecord<>(topics.pieceResults(), split.jobId, PieceCodec.encode(split.manifest())))
                .get();
    }

    private void send(KafkaProducer<String, byte[]> producer, PieceResult piece) throws Exception {
        producer.send(new ProducerRecord<>(topics.pieceResults(), piece.getJobId(), PieceCodec.encode(piece))).get();
    }

    private static KafkaProducer<String, byte[]> producer() {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedKafka.bootstrap(),
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new ByteArraySerializer());
    }

    private static KafkaConsumer<String, byte[]> committedReader(String topic) {
        KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedKafka.bootstrap(),
                ConsumerConfig.GROUP_ID_CONFIG, "reader-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                new StringDeserializer(), new ByteArrayDeserializer());
        consumer.subscribe(List.of(topic));
        return consumer;
    }

    /** Decoded values until {@code done} holds. */
    private static <T> List<T> readUntil(KafkaConsumer<String, byte[]> consumer, Decoder<T> decoder,
                                         Predicate<List<T>> done) throws Exception {
        List<T> got = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (!done.test(got)) {
            assertTrue(System.nanoTime() < deadline, "timed out; got " + got);
            for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                got.add(decoder.decode(r.value()));
            }
        }
        return got;
    }

    @FunctionalInterface
    private interface Decoder<T> {
        T decode(byte[] value) throws Exception;
    }

    private static final BinaryMessageDecoder<TranscriptResult> RESULT = TranscriptResult.getDecoder();
}
