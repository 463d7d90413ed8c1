package io.asrhub.it;

import io.asrhub.client.ResultReader;
import io.asrhub.errors.ErrorCode;
import io.asrhub.records.Lane;
import io.asrhub.schema.AudioJob;
import io.asrhub.schema.InlineAudio;
import io.asrhub.schema.JobStatus;
import io.asrhub.schema.TranscriptResult;
import io.asrhub.testsupport.ToneWav;
import org.apache.avro.Schema;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The schema-registry wire format against a real registry (Apicurio, {@link SharedSchemaRegistry})
 * and a real broker: jobs written by a registry client are transcribed, the transcript is in the
 * registry format under {@code <topic>-value}; one worker reads both formats; registry-framed records
 * it cannot use are one dead letter each while other jobs go on.
 */
@ExtendWith({SharedKafka.class, SharedSchemaRegistry.class})
class SchemaRegistryIT {
    @Test
    void aJobWrittenByARegistryClientIsTranscribedAndTheTranscriptIsReadThroughTheRegistry() throws Exception {
        long start = System.nanoTime();
        RegistryWire registry = new RegistryWire(SharedSchemaRegistry.ccompat());
        try (WorkerHarness h = new WorkerHarness(SharedKafka.bootstrap(), Map.of("records.format", "registry",
                "records.registry.url", SharedSchemaRegistry.ccompat()));
             KafkaProducer<String, byte[]> producer = plainProducer();
             KafkaConsumer<String, byte[]> results = plainConsumer(h.settings.topics().results())) {
            h.startWorker(1, "worker-registry");
            String lane = h.settings.topics().lane(Lane.SMALL);
            int id = registry.register(lane + "-value", AudioJob.getClassSchema());
            String jobId = "registry-" + UUID.randomUUID();
            producer.send(new ProducerRecord<>(lane, jobId, RegistryWire.encode(id, job(jobId)))).get();

            byte[] value = firstValueFor(results, jobId);
            assertEquals(0, value[0], "the transcript is in the registry wire format");
            TranscriptResult result = registry.decode(value, TranscriptResult.getClassSchema());
            assertEquals(JobStatus.OK, result.getStatus(), result.toString());
            assertEquals(jobId, result.getJobId());
            assertEquals("worker-registry", result.getWorkerId());
            String subject = h.settings.topics().results() + "-value";
            assertTrue(registry.subjects().toString().contains("\"" + subject + "\""),
                    "the result schema is registered under " + subject + ": " + registry.subjects());
            System.out.printf("registry round trip in %d ms%n", (System.nanoTime() - start) / 1_000_000);
        }
    }

    @Test
    void oneWorkerTranscribesASingleObjectJobAndARegistryJob() throws Exception {
        RegistryWire registry = new RegistryWire(SharedSchemaRegistry.ccompat());
        try (WorkerHarness h = new WorkerHarness(SharedKafka.bootstrap(),
                Map.of("records.registry.url", SharedSchemaRegistry.ccompat())); // writes single-object
             KafkaProducer<String, byte[]> producer = plainProducer()) {
            h.startWorker(1, "worker-both");
            ResultReader results = h.results();
            String lane = h.settings.topics().lane(Lane.SMALL);
            String framedId = "registry-" + UUID.randomUUID();
            producer.send(new ProducerRecord<>(lane, framedId, RegistryWire.encode(
                    registry.register(lane + "-value", AudioJob.getClassSchema()), job(framedId)))).get();
            String singleId = h.submitter.submit(ToneWav.write(Path.of("target", "single-object.wav"), 2), null).jobId();

            List<TranscriptResult> all = results.readUntil(r -> r.stream().map(TranscriptResult::getJobId).toList()
                    .containsAll(List.of(framedId, singleId)), WorkerHarness.seconds(60));
            for (String id : List.of(framedId, singleId)) {
                List<TranscriptResult> mine = all.stream().filter(r -> r.getJobId().equals(id)).toList();
                assertEquals(1, mine.size(), id + ": " + all);
                assertEquals(JobStatus.OK, mine.get(0).getStatus(), mine.get(0).toString());
            }
        }
    }

    @Test
    void registryFramedRecordsItCannotUseAreOneDeadLetterEachAndTheJobBehindThemCompletes() throws Exception {
        RegistryWire registry = new RegistryWire(SharedSchemaRegistry.ccompat());
        try (WorkerHarness h = new WorkerHarness(SharedKafka.bootstrap(),
                Map.of("records.registry.url", SharedSchemaRegistry.ccompat()));
             KafkaProducer<String, byte[]> producer = plainProducer()) {
            h.startWorker(1, "worker-hostile-registry");
            ResultReader results = h.results();
            ResultReader deadLetters = h.deadLetters();
            String lane = h.settings.topics().lane(Lane.SMALL);
            int jobSchema = registry.register(lane + "-value", AudioJob.getClassSchema());
            Schema order = new Schema.Parser().parse("{\"type\":\"record\",\"name\":\"Order\",\"namespace\":\"shop\","
                    + "\"fields\":[{\"name\":\"id\",\"type\":\"string\"}]}");
            int orderSchema = registry.register("orders-" + UUID.randomUUID() + "-value", order);
            byte[] good = RegistryWire.encode(jobSchema, job("x"));

            Map<String, byte[]> hostile = new LinkedHashMap<>();
            hostile.put("unknown-id", withId(good, 1_999_999_999));
            hostile.put("negative-id", withId(good, -1));
            hostile.put("bogus-body", new byte[]{0, (byte) (jobSchema >>> 24), (byte) (jobSchema >>> 16),
                    (byte) (jobSchema >>> 8), (byte) jobSchema, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x7f, 1, 2});
            hostile.put("header-only", new byte[]{0, 0, 0});
            hostile.put("foreign-schema", withId(good, orderSchema));
            for (Map.Entry<String, byte[]> e : hostile.entrySet()) {
                producer.send(new ProducerRecord<>(lane, e.getKey(), e.getValue())).get();
            }
            String goodId = "good-" + UUID.randomUUID();
            producer.send(new ProducerRecord<>(lane, goodId, RegistryWire.encode(jobSchema, job(goodId)))).get();

            List<String> all = new ArrayList<>(hostile.keySet());
            all.add(goodId);
            List<TranscriptResult> answered = results.readUntil(r -> r.stream().map(TranscriptResult::getJobId).toList()
                    .containsAll(all), WorkerHarness.seconds(60));
            List<TranscriptResult> letters = deadLetters.readUntil(r -> r.size() >= hostile.size(),
                    WorkerHarness.seconds(20));
            letters.addAll(deadLetters.poll(Duration.ofMillis(300))); // a duplicate would show here
            for (String id : hostile.keySet()) {
                List<TranscriptResult> dead = letters.stream().filter(r -> r.getJobId().equals(id)).toList();
                assertEquals(1, dead.size(), id + ": " + letters);
                assertEquals(ErrorCode.MALFORMED_RECORD.name(), dead.get(0).getErrorCode(), dead.get(0).toString());
                assertFalse(dead.get(0).getErrorMessage().contains("http"), dead.get(0).getErrorMessage());
                byte[] in = hostile.get(id);
                byte[] kept = bytes(dead.get(0).getOriginalJob());
                assertEquals(ByteBuffer.wrap(in), ByteBuffer.wrap(kept), id + ": original kept byte for byte");
            }
            TranscriptResult ok = answered.stream().filter(r -> r.getJobId().equals(goodId)).findFirst().orElseThrow();
            assertEquals(JobStatus.OK, ok.getStatus(), ok.toString());
        }
    }

    /** examples/node/asr-hub-registry-example.js, run as a user runs it (@kafkajs/confluent-schema-registry). */
    @Test
    void theNodeRegistryExampleGetsItsTranscript() throws Exception {
        Path node = Path.of("..", "examples", "node").toAbsolutePath().normalize();
        assumeTrue(Files.isDirectory(node.resolve("node_modules/@kafkajs/confluent-schema-registry")),
                "@kafkajs/confluent-schema-registry not installed: run `npm ci` in examples/node");
        assumeTrue(ExampleRun.of(List.of("node", "--version"), node).exitCode() == 0, "node is not installed");
        try (WorkerHarness h = new WorkerHarness(SharedKafka.bootstrap(), Map.of("records.format", "registry",
                "records.registry.url", SharedSchemaRegistry.ccompat()))) {
            h.startWorker(1, "worker-node-registry");
            Path wav = ToneWav.write(Path.of("target", "node-registry.wav"), 2).toAbsolutePath();
            ExampleRun run = ExampleRun.of(List.of("node", node.resolve("asr-hub-registry-example.js").toString(),
                    "--bootstrap", h.settings.bootstrapServers(), "--registry", SharedSchemaRegistry.ccompat(),
                    "--small", h.settings.topics().small(), "--medium", h.settings.topics().medium(),
                    "--large", h.settings.topics().large(), "--results", h.settings.topics().results(),
                    "--timeout", "90", wav.toString()), node);
            assertEquals(0, run.exitCode(), run.output());
            assertTrue(run.output().contains("-> " + h.settings.topics().small()), run.output());
            assertTrue(run.output().contains("\"status\":\"OK\""), run.output());
            assertTrue(new RegistryWire(SharedSchemaRegistry.ccompat()).subjects().toString()
                    .contains(h.settings.topics().small() + "-value"), "the example registered the job schema");
        }
    }

    private static byte[] bytes(ByteBuffer b) {
        byte[] out = new byte[b.remaining()];
        b.duplicate().get(out);
        return out;
    }

    private static byte[] withId(byte[] framed, int id) {
        byte[] out = framed.clone();
        ByteBuffer.wrap(out, 1, 4).putInt(id);
        return out;
    }

    static AudioJob job(String jobId) throws Exception {
        byte[] wav = Files.readAllBytes(ToneWav.write(Path.of("target", "registry-" + jobId.hashCode() + ".wav"), 2));
        return AudioJob.newBuilder().setJobId(jobId).setSubmittedAtMs(Instant.now())
                .setAudio(new InlineAudio(ByteBuffer.wrap(wav))).setContentType("audio/wav").setByteSize(wav.length)
                .setDurationMs(2000L).setAttributes(Map.of("producer", "registry-client")).build();
    }

    private static KafkaProducer<String, byte[]> plainProducer() {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedKafka.bootstrap()),
                new StringSerializer(), new ByteArraySerializer());
    }

    private static KafkaConsumer<String, byte[]> plainConsumer(String topic) {
        KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedKafka.bootstrap(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                new StringDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> partitions = c.partitionsFor(topic).stream()
                .map(p -> new TopicPartition(topic, p.partition())).toList();
        c.assign(partitions);
        c.seekToBeginning(partitions);
        return c;
    }

    private static byte[] firstValueFor(KafkaConsumer<String, byte[]> consumer, String key) throws Exception {
        List<byte[]> found = new ArrayList<>();
        WorkerHarness.waitUntil(() -> {
            for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                if (key.equals(r.key())) {
                    found.add(r.value());
                }
            }
            return !found.isEmpty();
        }, WorkerHarness.seconds(60));
        return found.get(0);
    }
}
