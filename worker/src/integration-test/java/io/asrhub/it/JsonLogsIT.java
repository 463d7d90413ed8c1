package io.asrhub.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.asrhub.client.JobSubmitter;
import io.asrhub.testsupport.Await;
import io.asrhub.testsupport.Speech;
import io.asrhub.trace.TraceContext;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The packaged worker with {@code logging.format: json} (set through its environment, as a container
 * would): every line it writes is one JSON object; a job's lines are found by its {@code jobId} and
 * carry the job's fields and traceparent; the transcript, the FAILED result and the dead letter carry
 * the traceparent their job was submitted with.
 */
@ExtendWith(SharedKafka.class)
class JsonLogsIT {
    private static final String GOOD_TRACE = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
    private static final String BAD_TRACE = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";

    @Test
    void aJobsJsonLogLinesAndItsResultsCarryItsTraceparent() throws Exception {
        try (WorkerHarness h = new WorkerHarness(SharedKafka.bootstrap(), Map.of())) {
            Path log = Files.createTempFile(Path.of("target"), "worker-json", ".log");
            Process worker = WorkerProcess.start(h.settings, "json-worker", 1,
                    Map.of("ASR_HUB_LOGGING_FORMAT", "json"), log);
            try {
                JobSubmitter.Submitted good = h.submitter.submit(Speech.wav("short", Speech.SHORT), null, null, null,
                        TraceContext.parse(GOOD_TRACE).context());
                Path text = Files.writeString(Path.of("target", "json-logs-not-audio.wav"), "this is not audio");
                JobSubmitter.Submitted bad = h.submitter.submit(text, null, null, null,
                        TraceContext.parse(BAD_TRACE).context());

                Map<String, ConsumerRecord<String, byte[]>> results = read(h, h.settings.topics().results(),
                        List.of(good.jobId(), bad.jobId()), log);
                Map<String, ConsumerRecord<String, byte[]>> deadLetters = read(h, h.settings.topics().deadLetters(),
                        List.of(bad.jobId()), log);
                assertEquals(GOOD_TRACE, header(results.get(good.jobId()), "traceparent"), "the transcript");
                assertEquals(BAD_TRACE, header(results.get(bad.jobId()), "traceparent"), "the FAILED result");
                assertEquals(BAD_TRACE, header(deadLetters.get(bad.jobId()), "traceparent"), "the dead letter");

                List<JsonNode> lines = jsonLines(log);
                List<JsonNode> goodLines = linesOf(lines, good.jobId());
                assertFalse(goodLines.isEmpty(), "lines of " + good.jobId() + " in " + Files.readString(log));
                for (JsonNode line : goodLines) {
                    assertEquals(GOOD_TRACE, line.path("traceparent").asText(), line.toString());
                    assertEquals("4bf92f3577b34da6a3ce929d0e0e4736", line.path("traceId").asText(), line.toString());
                    assertEquals("small", line.path("lane").asText(), line.toString());
                    assertEquals("whisper", line.path("provider").asText(), line.toString());
                    assertEquals("json-worker", line.path("worker").asText(), line.toString());
                    OffsetDateTime.parse(line.path("@timestamp").asText()); // ISO-8601 with date and zone
                }
                assertTrue(goodLines.stream().anyMatch(l -> l.path("message").asText().startsWith("job transcribed")),
                        goodLines.toString());
                List<JsonNode> badLines = linesOf(lines, bad.jobId());
                assertTrue(badLines.stream().anyMatch(l -> l.path("message").asText()
                        .startsWith("job failed for good with NOT_AUDIO")
                        && BAD_TRACE.equals(l.path("traceparent").asText())), badLines.toString());
                assertTrue(lines.stream().anyMatch(l -> l.path("message").asText().startsWith("asr-hub worker json-worker:")),
                        "the start-up line is a JSON line too");
            } finally {
                worker.destroy();
                worker.waitFor(45, TimeUnit.SECONDS);
                worker.destroyForcibly();
            }
        }
    }

    /** Every line of the log, each of which must be one JSON object. */
    private static List<JsonNode> jsonLines(Path log) throws Exception {
        ObjectMapper mapper = new ObjectMapper();
        List<JsonNode> out = new ArrayList<>();
        for (String line : Files.readAllLines(log)) {
            if (line.isBlank()) {
                continue;
            }
            JsonNode node;
            try {
                node = mapper.readTree(line);
            } catch (Exception e) {
                throw new AssertionError("not a JSON line: " + line, e);
            }
            assertTrue(node.isObject(), line);
            out.add(node);
        }
        return out;
    }

    private static List<JsonNode> linesOf(List<JsonNode> lines, String jobId) {
        return lines.stream().filter(l -> jobId.equals(l.path("jobId").asText(null))).toList();
    }

    /** The first record of each key in {@code keys} on {@code topic}, with its headers. */
    private static Map<String, ConsumerRecord<String, byte[]>> read(WorkerHarness h, String topic, List<String> keys,
                                                                   Path log) throws Exception {
        Map<String, ConsumerRecord<String, byte[]>> found = new HashMap<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, h.settings.bootstrapServers(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false"), new StringDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Await.until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> found.putIfAbsent(r.key(), r));
                return found.keySet().containsAll(keys);
            }, Duration.ofSeconds(90));
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "; found " + found.keySet() + "; worker log:\n"
                    + Files.readString(log), e);
        }
        return found;
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        var h = record.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}
