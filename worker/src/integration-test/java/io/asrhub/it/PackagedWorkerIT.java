package io.asrhub.it;

import io.asrhub.records.AvroCodec;
import io.asrhub.kafka.KafkaClients;
import io.asrhub.client.ResultReader;
import io.asrhub.schema.AudioJob;
import io.asrhub.schema.InlineAudio;
import io.asrhub.schema.JobStatus;
import io.asrhub.schema.TranscriptResult;
import io.asrhub.testsupport.Speech;
import io.asrhub.testsupport.TinyWhisperModel;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The worker image's process without Docker: the Dockerfile's ENTRYPOINT, ENV and /app layout
 * ({@link ImageLayout}), so without the broker-only jars, against the real test broker.
 */
@org.junit.jupiter.api.Order(8) // among the longest: started first so that it does not end the run alone
@ExtendWith(SharedKafka.class)
class PackagedWorkerIT {
    @Test
    void imageLayoutHasNoBrokerJars() throws Exception {
        List<String> jars = ImageLayout.stage().jarNames("lib");
        assertTrue(jars.stream().anyMatch(j -> j.startsWith("kafka-clients-")), jars.toString());
        assertTrue(jars.stream().anyMatch(j -> j.startsWith("whisper-jni-")), jars.toString());
        for (String brokerOnly : List.of("kafka_2.13-", "scala-library-", "kafka-server-", "rocksdbjni-", "log4j-core-")) {
            assertFalse(jars.stream().anyMatch(j -> j.startsWith(brokerOnly)), brokerOnly + " in the image: " + jars);
        }
        // jlayer (mp3spi's decoder) declares junit 3.8.2 without test scope; worker/pom.xml excludes it.
        assertFalse(jars.stream().anyMatch(j -> j.startsWith("junit-")), "a test jar in the image: " + jars);
    }

    @Test
    void workerAsTheImageRunsItServesAJobAndStopsCleanlyOnSigterm() throws Exception {
        ImageLayout image = ImageLayout.stage();
        try (WorkerHarness h = new WorkerHarness(SharedKafka.bootstrap(), Map.of("lanes.large-from-ms", "60000"))) {
            io.asrhub.pieces.PieceTopics pieceTopics = h.enablePieces(Map.of()).topics();
            ResultReader results = h.results();
            Path log = Files.createTempFile(Path.of("target"), "image-worker", ".log");
            ProcessBuilder pb = image.process(List.of("worker", "--pool", "1"))
                    .redirectErrorStream(true).redirectOutput(log.toFile());
            int metricsPort = freePort();
            Map<String, String> env = pb.environment();
            env.put("ASR_HUB_MODEL_DIR", Files.createTempDirectory(Path.of("target"), "models").toString());
            env.put("ASR_HUB_WHISPER_MODEL", TinyWhisperModel.shared().toAbsolutePath().toString());
            env.put("ASR_HUB_METRICS_PORT", String.valueOf(metricsPort));
            env.put("ASR_HUB_WORKER_ID", "image-worker");
            env.putAll(WorkerProcess.kafkaEnvironment(h.settings));
            env.put("ASR_HUB_LANES_LARGE_FROM_MS", "60000");
            env.put("ASR_HUB_TOPICS_PIECES", pieceTopics.pieces());
            env.put("ASR_HUB_TOPICS_PIECE_RESULTS", pieceTopics.pieceResults());
            env.put("ASR_HUB_TOPICS_PROGRESS", pieceTopics.progress());
            Process worker = pb.start();
            try {
                String id = h.submitter.submit(Speech.wav("short", Speech.SHORT), null).jobId();
                // 90 s in the large lane: split into pieces and stitched by the image's embedded stitcher
                // (Kafka Streams without RocksDB: its store is in memory).
                String longId = h.submitter.submit(io.asrhub.testsupport.LongSpeech.atLeastSeconds(90).wav(), null)
                        .jobId();
                List<TranscriptResult> got = results.readUntil(r -> r.size() >= 2, Duration.ofSeconds(120));
                assertEquals(2, got.size(), Files.readString(log));
                Map<String, TranscriptResult> byId = new java.util.HashMap<>();
                got.forEach(r -> byId.put(r.getJobId(), r));
                assertEquals(JobStatus.OK, byId.get(id).getStatus(), byId.get(id).toString());
                assertEquals("image-worker", byId.get(id).getWorkerId());
                TranscriptResult stitched = byId.get(longId);
                assertEquals(JobStatus.OK, stitched.getStatus(), Files.readString(log));
                assertTrue(stitched.getSegments().size() >= 3, "three pieces or more: " + stitched.getSegments());
                assertTrue(Files.readString(log).contains("split into pieces"), Files.readString(log));
                assertFalse(Files.readString(log).contains("NoClassDefFoundError"), Files.readString(log));
                HttpResponse<String> scrape = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + metricsPort + "/metrics")).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertEquals(200, scrape.statusCode());
                worker.destroy(); // SIGTERM, as `docker stop` / Kubernetes send it
                assertTrue(worker.waitFor(45, TimeUnit.SECONDS), "worker exits after SIGTERM: " + Files.readString(log));
                assertEquals(0, h.uncommitted(), "final commit happened before leaving the group");
            } finally {
                worker.destroyForcibly();
            }
        }
    }

    /** The router runs from the same image (Kafka Streams without RocksDB: the topology is stateless). */
    @Test
    void routerAsTheImageRunsItForwardsAnIntakeJobToItsLane() throws Exception {
        ImageLayout image = ImageLayout.stage();
        try (WorkerHarness h = new WorkerHarness(SharedKafka.bootstrap(), Map.of())) {
            String intake = h.settings.topics().small() + ".intake";
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                    h.settings.bootstrapServers()))) {
                admin.createTopics(List.of(new NewTopic(intake, 1, (short) 1))).all().get();
            }
            Path log = Files.createTempFile(Path.of("target"), "image-router", ".log");
            ProcessBuilder pb = image.process(List.of("router", "--intake", intake))
                    .redirectErrorStream(true).redirectOutput(log.toFile());
            pb.environment().putAll(WorkerProcess.kafkaEnvironment(h.settings));
            Process router = pb.start();
            try (KafkaProducer<String, byte[]> producer = KafkaClients.producer(h.settings, null);
                 KafkaConsumer<String, byte[]> lane = laneReader(h.settings.bootstrapServers(),
                         h.settings.topics().small())) {
                String jobId = UUID.randomUUID().toString();
                AudioJob job = AudioJob.newBuilder().setJobId(jobId).setSubmittedAtMs(Instant.now())
                        .setAudio(new InlineAudio(ByteBuffer.wrap(new byte[]{1, 2, 3}))).setByteSize(3)
                        .setDurationMs(1_000L).build();
                producer.send(new ProducerRecord<>(intake, jobId, AvroCodec.encode(job))).get();
                String routed = null;
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (routed == null && router.isAlive() && System.nanoTime() < deadline) {
                    for (ConsumerRecord<String, byte[]> r : lane.poll(Duration.ofMillis(200))) {
                        routed = AvroCodec.decodeJob(r.value()).getJobId();
                    }
                }
                assertEquals(jobId, routed, "routed to the small lane; router log:\n" + Files.readString(log));
                router.destroy();
                assertTrue(router.waitFor(45, TimeUnit.SECONDS), "router exits after SIGTERM");
                assertFalse(Files.readString(log).contains("NoClassDefFoundError"), Files.readString(log));
            } finally {
                router.destroyForcibly();
            }
        }
    }

    private static KafkaConsumer<String, byte[]> laneReader(String bootstrap, String topic) {
        KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                new StringDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                .map(p -> new TopicPartition(topic, p.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        return consumer;
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
