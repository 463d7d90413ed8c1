package io.asrhub.kafka;

import io.asrhub.audio.AudioDecoder;
import io.asrhub.audio.WavWriter;
import io.asrhub.config.AudioLimits;
import io.asrhub.config.Settings;
import io.asrhub.pool.PoolOptions;
import io.asrhub.pool.RecognizerPool;
import io.asrhub.recognition.RecognitionService;
import io.asrhub.schema.AudioJob;
import io.asrhub.schema.InlineAudio;
import io.asrhub.testsupport.FakeProvider;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The poll loop's rules on MockConsumer/MockProducer (no broker): lanes without a free slot are
 * paused and resumed, and commits never pass an unfinished record.
 */
class AsrWorkerTest {
    private static final TopicPartition SMALL_0 = new TopicPartition(Topics.DEFAULT.small(), 0);
    private final MockConsumer<String, byte[]> consumer = new MockConsumer<>("earliest");
    private final MockProducer<String, byte[]> producer =
            new MockProducer<>(true, null, new StringSerializer(), new ByteArraySerializer());
    private final FakeProvider provider = new FakeProvider();
    private RecognitionService service;
    private AsrWorker worker;

    private void start(int slots) throws Exception {
        service = new RecognitionService(new AudioDecoder(AudioLimits.DEFAULT), RecognizerPool.start("fake", provider,
                PoolOptions.builder().minSize(slots).maxSize(slots).warmUp(false).build(), new SimpleMeterRegistry()));
        WorkerSettings settings = WorkerSettings.read(Settings.of(Map.of("worker.commit-interval-ms", "20",
                "worker.id", "unit")));
        worker = new AsrWorker(settings, service, new WorkerMetrics(new SimpleMeterRegistry()), consumer, producer);
        List<TopicPartition> all = List.of(SMALL_0, new TopicPartition(Topics.DEFAULT.medium(), 0),
                new TopicPartition(Topics.DEFAULT.large(), 0));
        consumer.schedulePollTask(() -> {
            consumer.rebalance(all);
            consumer.updateBeginningOffsets(Map.of(all.get(0), 0L, all.get(1), 0L, all.get(2), 0L));
        });
        worker.start();
    }

    @AfterEach
    void stop() {
        if (worker != null) {
            worker.kill();
        }
        if (service != null) {
            service.close();
        }
    }

    private static ConsumerRecord<String, byte[]> job(long offset, String id) {
        byte[] audio = WavWriter.pcm16(new float[1600], 16_000);
        AudioJob job = AudioJob.newBuilder().setJobId(id).setSubmittedAtMs(Instant.now())
                .setAudio(new InlineAudio(ByteBuffer.wrap(audio))).setByteSize(audio.length).setAttributes(Map.of())
                .build();
        return new ConsumerRecord<>(SMALL_0.topic(), 0, offset, id, AvroCodec.encode(job));
    }

    private long committed() {
        OffsetAndMetadata om = consumer.committed(Set.of(SMALL_0)).get(SMALL_0);
        return om == null ? -1 : om.offset();
    }

    @Test
    void laneWithoutAFreeSlotIsPausedAndResumedWhenWorkDrains() throws Exception {
        provider.workMillis = 300;
        start(1);
        waitUntil(() -> !consumer.assignment().isEmpty());
        for (int i = 0; i < 3; i++) {
            consumer.addRecord(job(i, "job-" + i));
        }
        waitUntil(() -> consumer.paused().contains(SMALL_0));
        waitUntil(() -> producer.history().size() == 3);
        waitUntil(() -> consumer.paused().isEmpty());
        waitUntil(() -> committed() == 3);
        assertEquals(1, provider.maxConcurrentCalls.get(), "one slot, one job at a time");
    }

    @Test
    void commitsStopAtTheFirstUnfinishedRecord() throws Exception {
        start(2);
        waitUntil(() -> !consumer.assignment().isEmpty());
        consumer.addRecord(job(0, "slow-0"));
        consumer.addRecord(job(1, "fast-1"));
        consumer.addRecord(job(2, "fast-2"));
        waitUntil(() -> producer.history().size() == 2); // the two fast ones overtook the slow one
        Thread.sleep(100); // several commit intervals
        assertTrue(committed() <= 0, "offset 0 is unfinished, committed " + committed());
        waitUntil(() -> producer.history().size() == 3);
        waitUntil(() -> committed() == 3);
        assertEquals("slow-0", producer.history().get(2).key(), "results are published out of order");
    }

    private static void waitUntil(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not reached within 10 s");
            }
            Thread.sleep(5);
        }
    }

}
