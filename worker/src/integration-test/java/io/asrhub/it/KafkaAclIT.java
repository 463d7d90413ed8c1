package io.asrhub.it;

import io.asrhub.audio.AudioDecoder;
import io.asrhub.client.JobSubmitter;
import io.asrhub.config.AudioLimits;
import io.asrhub.records.AvroCodec;
import io.asrhub.schema.JobStatus;
import io.asrhub.schema.TranscriptResult;
import io.asrhub.testsupport.ToneWav;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The ACL set of docs/security.md on a broker that authenticates (SASL/PLAIN) and authorises
 * ({@code StandardAuthorizer}, nothing allowed without an ACL): a producer principal with the producer
 * ACLs gets its job transcribed and reads the result, while the broker refuses its writes to the
 * internal topics (pieces, piece results, progress) and the dead letters, and its reads of the pieces
 * topics. The worker's principal is a super user here.
 */
class KafkaAclIT {
    @TempDir
    Path dir;

    @Test
    void aProducerSubmitsAndReadsResultsButTheBrokerRefusesItsWritesToInternalTopics() throws Exception {
        try (SaslKafkaBroker broker = SaslKafkaBroker.start(Path.of("target", "kafka"), "User:admin;User:worker")) {
            String p = "acl-" + UUID.randomUUID().toString().substring(0, 8);
            Map<String, String> topics = new HashMap<>(Map.of("topics.small", p + ".jobs.small",
                    "topics.medium", p + ".jobs.medium", "topics.large", p + ".jobs.large",
                    "topics.results", p + ".transcripts", "topics.dead-letters", p + ".jobs.dlq",
                    "topics.pieces", p + ".pieces", "topics.piece-results", p + ".pieces.results",
                    "topics.progress", p + ".progress", "kafka.group-id", p + "-workers"));
            SaslKafkaBroker.login("worker").forEach((k, v) -> topics.put("kafka.client." + k, v));
            try (WorkerHarness h = new WorkerHarness(broker.bootstrapServers(), topics)) {
                h.enablePieces(Map.of()); // creates the piece topics (as the worker's principal)
                try (Admin admin = Admin.create(broker.clientConfig("admin"))) {
                    admin.createAcls(producerAcls(p)).all().get();
                }
                h.startWorker(1, "worker-a");

                Map<String, Object> asProducer = broker.clientConfig("producer");
                try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(asProducer, new StringSerializer(),
                        new ByteArraySerializer())) {
                    JobSubmitter submitter = new JobSubmitter(producer, h.settings, new AudioDecoder(AudioLimits.DEFAULT));
                    String jobId = submitter.submit(ToneWav.write(dir.resolve("clip.wav"), 2), "en").jobId();

                    TranscriptResult result = readResult(asProducer, p + ".transcripts", jobId);
                    assertEquals(JobStatus.OK, result.getStatus(), result.getErrorMessage());

                    for (String internal : List.of(p + ".pieces.results", p + ".pieces", p + ".progress", p + ".jobs.dlq")) {
                        ExecutionException refused = assertThrows(ExecutionException.class, () -> producer.send(
                                new ProducerRecord<>(internal, "victim-long", new byte[]{1})).get(), internal);
                        assertInstanceOf(TopicAuthorizationException.class, refused.getCause(), internal);
                    }
                }
                try (KafkaConsumer<String, byte[]> reader = new KafkaConsumer<>(asProducer, new StringDeserializer(),
                        new ByteArrayDeserializer())) {
                    assertThrows(TopicAuthorizationException.class,
                            () -> reader.partitionsFor(p + ".pieces.results", Duration.ofSeconds(10)));
                }
            }
        }
    }

    /** docs/security.md, "producers": write the lane topics (named one by one), read the results. */
    private static List<AclBinding> producerAcls(String p) {
        List<AclBinding> acls = new ArrayList<>();
        for (String lane : List.of(".jobs.small", ".jobs.medium", ".jobs.large")) {
            acls.add(allow(new ResourcePattern(ResourceType.TOPIC, p + lane, PatternType.LITERAL), AclOperation.WRITE));
            acls.add(allow(new ResourcePattern(ResourceType.TOPIC, p + lane, PatternType.LITERAL), AclOperation.DESCRIBE));
        }
        ResourcePattern results = new ResourcePattern(ResourceType.TOPIC, p + ".transcripts", PatternType.LITERAL);
        acls.add(allow(results, AclOperation.READ));
        acls.add(allow(results, AclOperation.DESCRIBE));
        return acls;
    }

    private static AclBinding allow(ResourcePattern pattern, AclOperation operation) {
        return new AclBinding(pattern, new AccessControlEntry("User:producer", "*", operation, AclPermissionType.ALLOW));
    }

    /** Reads the results topic from the start, without a consumer group, as the producer's principal. */
    private static TranscriptResult readResult(Map<String, Object> login, String topic, String jobId) throws Exception {
        Map<String, Object> c = new HashMap<>(login);
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(c, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(10)).stream()
                    .map(i -> new TopicPartition(topic, i.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            TranscriptResult[] found = new TranscriptResult[1];
            WorkerHarness.waitUntil(() -> {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    if (jobId.equals(r.key())) {
                        found[0] = AvroCodec.decodeResult(r.value());
                    }
                }
                return found[0] != null;
            }, WorkerHarness.seconds(60));
            return found[0];
        }
    }
}
