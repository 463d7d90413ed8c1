package io.asrhub.it;

import io.asrhub.audio.AudioDecoder;
import io.asrhub.config.AudioLimits;
import io.asrhub.config.ProviderConfig;
import io.asrhub.config.Settings;
import io.asrhub.worker.AsrWorker;
import io.asrhub.client.JobSubmitter;
import io.asrhub.kafka.KafkaClients;
import io.asrhub.client.ResultReader;
import io.asrhub.client.TopicAdmin;
import io.asrhub.worker.WorkerMetrics;
import io.asrhub.kafka.WorkerSettings;
import io.asrhub.config.PoolOptions;
import io.asrhub.pool.RecognizerPool;
import io.asrhub.provider.ProviderRegistry;
import io.asrhub.recognition.RecognitionService;
import io.asrhub.testsupport.TinyWhisperModel;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.TopicPartition;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Builds workers (on the generated whisper model, or any engine) against a broker, with topics and a
 * group of their own ({@link OwnTopicsHarness}).
 */
final class WorkerHarness extends OwnTopicsHarness {
    final JobSubmitter submitter;
    /** Distributed long-audio settings of the workers started from now on ({@link #enablePieces}). */
    private io.asrhub.pieces.PieceSettings pieces = io.asrhub.pieces.PieceSettings.OFF;
    /** Meters of the workers this harness starts (one registry for all of them). */
    final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    WorkerHarness(String bootstrap, Map<String, String> overrides) throws Exception {
        super("it-", bootstrap, Map.of("worker.retry-backoff-ms", "50", "worker.commit-interval-ms", "100"), overrides);
        // Replication as the layout's default: 1 on the shared single broker, 3 on a three-broker cluster.
        TopicAdmin.ensureTopics(settings, io.asrhub.pieces.PieceTopics.DEFAULT,
                io.asrhub.topics.TopicLayout.read(Settings.of(values)).withPartitions(2));
        submitter = new JobSubmitter(producer, settings, new AudioDecoder(AudioLimits.DEFAULT));
    }

    /** A worker on the generated tiny whisper model (real native inference) with {@code slots} pool slots. */
    AsrWorker startWorker(int slots, String workerId) throws Exception {
        return startWorker(slots, workerId, AudioLimits.DEFAULT);
    }

    AsrWorker startRealWorker(int slots, Path model) throws Exception {
        return startWorker(slots, "worker-real", AudioLimits.DEFAULT, model);
    }

    AsrWorker startWorker(int slots, String workerId, AudioLimits limits) throws Exception {
        return startWorker(slots, workerId, limits, TinyWhisperModel.shared());
    }

    AsrWorker startWorker(int slots, String workerId, AudioLimits limits, Path model) throws Exception {
        ProviderConfig config = new ProviderConfig("whisper", PoolOptions.builder().minSize(slots).maxSize(slots)
                .build(), 1, model, Map.of());
        return startWorker(config, workerId, limits);
    }

    /** A worker on any engine: the SPI is the same for all of them. */
    AsrWorker startWorker(ProviderConfig config, String workerId, AudioLimits limits) throws Exception {
        return startWorker(Map.of(config.engine(), config), Map.of(), config.engine(), workerId, limits);
    }

    /** A worker with several provider pools (and fallbacks), as `providers.NAME` sections configure it. */
    AsrWorker startWorker(Map<String, ProviderConfig> configs, Map<String, String> fallbacks, String defaultProvider,
                          String workerId, AudioLimits limits) throws Exception {
        Map<String, RecognitionService> services = new java.util.LinkedHashMap<>();
        for (Map.Entry<String, ProviderConfig> c : configs.entrySet()) {
            RecognizerPool pool = RecognizerPool.start(c.getKey(), new ProviderRegistry().open(c.getValue()),
                    c.getValue().pool().withSmallLaneReservation(settings.smallReservedSlots()),
                    new SimpleMeterRegistry());
            RecognitionService service = new RecognitionService(new AudioDecoder(limits), pool);
            services.put(c.getKey(), service);
            resources.add(service);
        }
        Settings own = Settings.of(values).with("worker.id", workerId);
        AsrWorker worker = io.asrhub.assembly.Workers.create(own, WorkerSettings.read(own), pieces,
                new io.asrhub.recognition.RecognitionPools(services, fallbacks, defaultProvider),
                new WorkerMetrics(workerRegistry(workerId)));
        worker.start();
        resources.add(() -> worker.kill());
        return worker;
    }

    /**
     * A worker whose pool and worker meters both go to {@code meters} (e.g. a {@code MetricsServer}'s
     * registry, to read them as {@code /metrics} serves them).
     */
    AsrWorker startWorker(ProviderConfig config, String workerId, io.micrometer.core.instrument.MeterRegistry meters)
            throws Exception {
        RecognizerPool pool = RecognizerPool.start(config.engine(), new ProviderRegistry().open(config),
                config.pool().withSmallLaneReservation(settings.smallReservedSlots()), meters);
        RecognitionService service = new RecognitionService(new AudioDecoder(AudioLimits.DEFAULT), pool);
        resources.add(service);
        Settings own = Settings.of(values).with("worker.id", workerId);
        AsrWorker worker = io.asrhub.assembly.Workers.create(own, WorkerSettings.read(own), pieces,
                io.asrhub.recognition.RecognitionPools.single(service), new WorkerMetrics(meters));
        worker.start();
        resources.add(() -> worker.kill());
        return worker;
    }

    /** The first worker records into {@link #registry}; later ones into their own (meters must not clash). */
    private SimpleMeterRegistry workerRegistry(String workerId) {
        return firstWorker.compareAndSet(true, false) ? registry : new SimpleMeterRegistry();
    }

    private final java.util.concurrent.atomic.AtomicBoolean firstWorker = new java.util.concurrent.atomic.AtomicBoolean(true);

    /**
     * Workers started after this split long jobs of the lanes {@code chunking.distributed} names
     * (default: large) into pieces and consume the pieces topic; creates that topic and its peers.
     */
    io.asrhub.pieces.PieceSettings enablePieces(Map<String, String> overrides) throws Exception {
        Map<String, String> all = new HashMap<>(values);
        all.putAll(overrides);
        pieces = io.asrhub.pieces.PieceSettings.read(Settings.of(all));
        TopicAdmin.ensureTopics(settings, pieces.topics(),
                io.asrhub.topics.TopicLayout.read(Settings.of(values)).withPartitions(2));
        return pieces;
    }

    /** A stitcher (as a worker embeds it) for this harness's group and piece topics. */
    io.asrhub.pieces.EmbeddedStitcher startStitcher(String id, io.micrometer.core.instrument.MeterRegistry meters)
            throws Exception {
        io.asrhub.pieces.EmbeddedStitcher stitcher = io.asrhub.pieces.EmbeddedStitcher.start(withWorkerId(id),
                pieces, meters);
        resources.add(stitcher);
        return stitcher;
    }

    /** Jobs the first worker is running now, over all lanes (its {@code asr.lane.in_flight} gauges). */
    double inFlight() {
        return registry.find("asr.lane.in_flight").gauges().stream().mapToDouble(g -> g.value()).sum();
    }

    /** Publishes raw bytes to the partition the key hashes to, as the workers' own records go. */
    void sendKeyed(String topic, String key, byte[] value) throws Exception {
        producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>(topic, key, value)).get();
    }

    /** Publishes raw bytes to one partition of a topic. */
    void sendTo(String topic, int partition, String key, byte[] value) throws Exception {
        producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>(topic, partition, key, value)).get();
    }

    private WorkerSettings withWorkerId(String workerId) throws Exception {
        return WorkerSettings.read(Settings.of(values).with("worker.id", workerId));
    }

    /** Committed offset minus end offset, summed over the lane partitions: 0 means all committed. */
    long uncommitted() throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                settings.bootstrapServers()))) {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(settings.groupId())
                    .partitionsToOffsetAndMetadata().get();
            Map<TopicPartition, OffsetSpec> request = new HashMap<>();
            for (String topic : settings.topics().lanes()) {
                for (int p = 0; p < 2; p++) {
                    request.put(new TopicPartition(topic, p), OffsetSpec.latest());
                }
            }
            long lag = 0;
            for (var e : admin.listOffsets(request).all().get().entrySet()) {
                OffsetAndMetadata c = committed.get(e.getKey());
                lag += e.getValue().offset() - (c == null ? 0 : c.offset());
            }
            return lag;
        }
    }

    /** Waits for a condition, failing the test after {@code timeout} ({@link io.asrhub.testsupport.Await}). */
    static void waitUntil(java.util.concurrent.Callable<Boolean> condition, Duration timeout) throws Exception {
        io.asrhub.testsupport.Await.until(condition, timeout);
    }

    static Duration seconds(long s) {
        return Duration.ofSeconds(s);
    }
}
