package io.asrhub.router;

import io.asrhub.records.AvroCodec;
import io.asrhub.records.Topics;
import io.asrhub.records.LaneRouter;

import io.asrhub.schema.AudioJob;
import io.asrhub.schema.InlineAudio;
import io.asrhub.schema.TranscriptResult;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Map;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The intake routing rules, on TopologyTestDriver: no broker needed. */
class IntakeRouterTest {
    @Test
    void routesByDurationThenSizeAndDeadLettersGarbage() throws Exception {
        Properties props = new Properties();
        props.put("application.id", "router-test");
        props.put("bootstrap.servers", "dummy:9092");
        try (TopologyTestDriver driver = new TopologyTestDriver(
                IntakeRouter.topology("asr.jobs", Topics.DEFAULT, LaneRouter.DEFAULT), props)) {
            TestInputTopic<String, byte[]> intake = driver.createInputTopic("asr.jobs", new StringSerializer(),
                    new ByteArraySerializer());
            byte[] shortJob = job("a", 5_000L, 100);
            byte[] mediumJob = job("b", 60_000L, 100);
            byte[] largeBySize = job("c", null, 20_000_000);
            intake.pipeInput("a", shortJob);
            intake.pipeInput("b", mediumJob);
            intake.pipeInput("c", largeBySize);
            intake.pipeInput("bad", new byte[]{1, 2, 3});

            assertArrayEquals(shortJob, output(driver, Topics.DEFAULT.small()).readValue(), "forwarded unchanged");
            assertArrayEquals(mediumJob, output(driver, Topics.DEFAULT.medium()).readValue());
            assertArrayEquals(largeBySize, output(driver, Topics.DEFAULT.large()).readValue());
            TranscriptResult letter = AvroCodec.decodeResult(output(driver, Topics.DEFAULT.deadLetters()).readValue());
            assertEquals("bad", letter.getJobId());
            assertEquals("MALFORMED_RECORD", letter.getErrorCode());
            assertTrue(output(driver, Topics.DEFAULT.small()).isEmpty());
        }
    }

    private static TestOutputTopic<String, byte[]> output(TopologyTestDriver driver, String topic) {
        return driver.createOutputTopic(topic, new StringDeserializer(), new ByteArrayDeserializer());
    }

    private static byte[] job(String id, Long durationMs, long bytes) {
        return AvroCodec.encode(AudioJob.newBuilder().setJobId(id).setSubmittedAtMs(Instant.now())
                .setAudio(new InlineAudio(ByteBuffer.wrap(new byte[]{0}))).setByteSize(bytes)
                .setDurationMs(durationMs).setAttributes(Map.of()).build());
    }
}
