package io.asrhub.bench;

import io.asrhub.assembly.Workers;
import io.asrhub.audio.AudioDecoder;
import io.asrhub.audio.WavWriter;
import io.asrhub.broker.LocalKafkaBroker;
import io.asrhub.client.ResultReader;
import io.asrhub.client.TopicAdmin;
import io.asrhub.config.AudioLimits;
import io.asrhub.config.PoolOptions;
import io.asrhub.config.Settings;
import io.asrhub.kafka.KafkaClients;
import io.asrhub.kafka.WorkerSettings;
import io.asrhub.pieces.PieceSettings;
import io.asrhub.pool.RecognizerPool;
import io.asrhub.recognition.RecognitionPools;
import io.asrhub.recognition.RecognitionService;
import io.asrhub.records.AvroCodec;
import io.asrhub.records.Lane;
import io.asrhub.schema.AudioJob;
import io.asrhub.schema.InlineAudio;
import io.asrhub.schema.TranscriptResult;
import io.asrhub.testsupport.FakeProvider;
import io.asrhub.worker.AsrWorker;
import io.asrhub.worker.WorkerMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * A real worker (consumer group, real broker, fresh topics) on a scripted engine: each recognition
 * sleeps {@code workMillis}, plus 800 ms for job ids containing "slow" ({@link FakeProvider}). The
 * admission benchmarks measure queueing, so the engine's cost is fixed and costs no CPU.
 */
final class ScriptedWorker implements AutoCloseable {
    private static final byte[] CLIP = WavWriter.pcm16(new float[1600], 16_000); // 0.1 s of silence

    final WorkerSettings settings;
    private final RecognitionService service;
    private final AsrWorker worker;
    private final KafkaProducer<String, byte[]> producer;
    private final ResultReader results;

    private ScriptedWorker(WorkerSettings settings, RecognitionService service, AsrWorker worker) {
        this.settings = settings;
        this.service = service;
        this.worker = worker;
        this.producer = KafkaClients.producer(settings, null);
        this.results = new ResultReader(settings.bootstrapServers(), settings.topics().results(), false);
    }

    static ScriptedWorker start(LocalKafkaBroker broker, int partitions, int slots, long workMillis,
                                Map<String, String> overrides) throws Exception {
        String id = UUID.randomUUID().toString().substring(0, 8);
        Map<String, String> values = new HashMap<>(Map.of("kafka.bootstrap-servers", broker.bootstrapServers(),
                "kafka.group-id", "bench-" + id, "topics.small", id + ".small", "topics.medium", id + ".medium",
                "topics.large", id + ".large", "topics.results", id + ".results", "topics.dead-letters", id + ".dlq"));
        values.putAll(overrides);
        WorkerSettings ws = WorkerSettings.read(Settings.of(values));
        TopicAdmin.ensureTopics(ws, partitions, (short) 1);
        FakeProvider engine = new FakeProvider("scripted");
        engine.workMillis = workMillis;
        RecognitionService service = new RecognitionService(new AudioDecoder(AudioLimits.DEFAULT),
                RecognizerPool.start("scripted", engine, PoolOptions.builder().minSize(slots).maxSize(slots)
                        .warmUp(false).activeHealthCheck(false).build()
                        .withSmallLaneReservation(ws.smallReservedSlots()), new SimpleMeterRegistry()));
        AsrWorker worker = Workers.consumerGroup(ws, PieceSettings.OFF, RecognitionPools.single(service),
                new WorkerMetrics(new SimpleMeterRegistry()));
        worker.start();
        ScriptedWorker w = new ScriptedWorker(ws, service, worker);
        w.awaitOwnership(partitions);
        return w;
    }

    /** Waits until the worker owns every lane partition, so the first records are not measured joining. */
    private void awaitOwnership(int partitions) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (worker.ownedPartitions() < 3 * partitions && System.nanoTime() < deadline) {
            results.poll(Duration.ofMillis(100)); // also positions the result reader
        }
    }

    /** Publishes one job (keyed by its id, like `submit`), without waiting for the broker's ack. */
    void send(Lane lane, String jobId, String tenant) {
        AudioJob job = AudioJob.newBuilder().setJobId(jobId).setSubmittedAtMs(Instant.now())
                .setAudio(new InlineAudio(ByteBuffer.wrap(CLIP))).setByteSize(CLIP.length)
                .setAttributes(Map.of()).setTenant(tenant).build();
        producer.send(new ProducerRecord<>(settings.topics().lane(lane), jobId, AvroCodec.encode(job)));
    }

    void flush() {
        producer.flush();
    }

    /** Results of {@code ids}, by job id; fails when they do not all arrive within {@code timeout}. */
    Map<String, TranscriptResult> await(Set<String> ids, Duration timeout) {
        Map<String, TranscriptResult> out = new HashMap<>();
        Set<String> pending = new HashSet<>(ids);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!pending.isEmpty()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(pending.size() + " results missing after " + timeout);
            }
            for (TranscriptResult r : results.poll(Duration.ofMillis(200))) {
                if (pending.remove(r.getJobId())) {
                    out.put(r.getJobId(), r);
                }
            }
        }
        return out;
    }

    @Override
    public void close() {
        worker.stop();
        producer.close();
        results.close();
        service.close();
    }
}
