package io.asrhub.worker;

import io.asrhub.audio.AudioDecoder;
import io.asrhub.audio.WavWriter;
import io.asrhub.config.AudioLimits;
import io.asrhub.config.PoolOptions;
import io.asrhub.config.Settings;
import io.asrhub.kafka.WorkerSettings;
import io.asrhub.pool.RecognizerPool;
import io.asrhub.records.AvroCodec;
import io.asrhub.records.Topics;
import io.asrhub.recognition.RecognitionPools;
import io.asrhub.recognition.RecognitionService;
import io.asrhub.schema.AudioJob;
import io.asrhub.schema.InlineAudio;
import io.asrhub.schema.TranscriptResult;
import io.asrhub.testsupport.FakeProvider;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import io.asrhub.group.GroupSource;
import io.asrhub.records.Lane;
import io.asrhub.share.ShareSettings;
import io.asrhub.share.ShareSources;
import io.asrhub.testsupport.ShareBrokerDouble;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * A real {@link AsrWorker} on fake providers and mock clients, so its rules run without a broker:
 * in {@link Mode#GROUP} on a consumer group's source (MockConsumer), in {@link Mode#SHARE} on the
 * share-group source ({@link ShareBrokerDouble}, one per lane and one for pieces), in
 * {@link Mode#GROUP_SHARED_PIECES} lanes on the consumer group and pieces on their share group (the
 * default path of a consumer-group worker on a broker with share groups).
 */
final class MockWorker implements AutoCloseable {
    enum Mode { GROUP, SHARE, GROUP_SHARED_PIECES }

    static final TopicPartition SMALL_0 = new TopicPartition(Topics.DEFAULT.small(), 0);
    static final TopicPartition MEDIUM_0 = new TopicPartition(Topics.DEFAULT.medium(), 0);
    static final TopicPartition LARGE_0 = new TopicPartition(Topics.DEFAULT.large(), 0);
    static final TopicPartition PIECES_0 = new TopicPartition(io.asrhub.pieces.PieceTopics.DEFAULT.pieces(), 0);
    static final List<TopicPartition> ALL = List.of(SMALL_0, MEDIUM_0, LARGE_0);
    private io.asrhub.pieces.PieceSettings pieces = io.asrhub.pieces.PieceSettings.OFF;

    final Mode mode;
    final MockConsumer<String, byte[]> consumer = new MockConsumer<>("earliest");
    final Map<String, ShareBrokerDouble> shareConsumers = new HashMap<>();
    final MockProducer<String, byte[]> producer;
    final Map<String, FakeProvider> providers = new LinkedHashMap<>();
    final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final Map<String, RecognitionService> services = new LinkedHashMap<>();
    private final Map<String, String> fallbacks = new HashMap<>();
    private final Map<String, String> settings = new HashMap<>(Map.of("worker.commit-interval-ms", "20",
            "worker.id", "unit", "worker.retry-backoff-ms", "1", "worker.retry-backoff-max-ms", "20",
            "worker.breaker-open-ms", "20"));
    AsrWorker worker;
    RecognitionPools pools;
    private AudioLimits limits = AudioLimits.DEFAULT;

    MockWorker() {
        this(Mode.GROUP);
    }

    MockWorker(Mode mode) {
        this(mode, true);
    }

    /** {@code autoComplete} false: every send waits for the test's {@code producer.completeNext()}. */
    MockWorker(Mode mode, boolean autoComplete) {
        this.mode = mode;
        this.producer = new MockProducer<>(autoComplete, null, new StringSerializer(), new ByteArraySerializer());
    }

    MockWorker limits(AudioLimits limits) {
        this.limits = limits;
        return this;
    }

    MockWorker provider(String name, int slots, int reservedForSmall) throws Exception {
        FakeProvider p = new FakeProvider(name);
        providers.put(name, p);
        services.put(name, new RecognitionService(new AudioDecoder(limits), RecognizerPool.start(name, p,
                PoolOptions.builder().minSize(slots).maxSize(slots).warmUp(false).reservedSlots(reservedForSmall)
                        .build(), registry)));
        return this;
    }

    MockWorker fallback(String provider, String to) {
        fallbacks.put(provider, to);
        return this;
    }

    /** The worker splits long jobs of {@code pieces.lanes()} and consumes the pieces topic (PIECES_0). */
    MockWorker pieces(io.asrhub.pieces.PieceSettings value) {
        this.pieces = value;
        return this;
    }

    MockWorker set(String key, String value) {
        settings.put(key, value);
        return this;
    }

    MockWorker start() throws Exception {
        String first = services.keySet().iterator().next();
        settings.putIfAbsent("provider", first);
        pools = new RecognitionPools(services, fallbacks, settings.get("provider"));
        WorkerSettings ws = WorkerSettings.read(Settings.of(settings));
        if (mode == Mode.SHARE) {
            startShare(ws);
            return this;
        }
        boolean sharedPieces = mode == Mode.GROUP_SHARED_PIECES && pieces.enabled();
        String piecesTopic = pieces.enabled() && !sharedPieces ? PIECES_0.topic() : null;
        GroupSource lanes = new GroupSource(ws, piecesTopic, consumer, producer, registry);
        io.asrhub.worker.JobSource source = lanes;
        if (sharedPieces) {
            ShareBrokerDouble pieceConsumer = new ShareBrokerDouble();
            shareConsumers.put(PIECES_0.topic(), pieceConsumer);
            source = io.asrhub.assembly.Workers.sharedPieces(lanes, ShareSources.piecesOnly(ws, ShareSettings.DEFAULT,
                    PIECES_0.topic(), pieceConsumer, producer, registry), PIECES_0.topic());
        }
        worker = new AsrWorker(ws, pools, new WorkerMetrics(registry), pieces, source, false);
        List<TopicPartition> assigned = new ArrayList<>(ALL);
        if (piecesTopic != null) {
            assigned.add(PIECES_0);
        }
        consumer.schedulePollTask(() -> {
            consumer.rebalance(assigned);
            Map<TopicPartition, Long> beginning = new HashMap<>();
            assigned.forEach(tp -> beginning.put(tp, 0L));
            consumer.updateBeginningOffsets(beginning);
        });
        worker.start();
        waitUntil(() -> !consumer.assignment().isEmpty());
        return this;
    }

    private void startShare(WorkerSettings ws) throws Exception {
        Map<Lane, org.apache.kafka.clients.consumer.ShareConsumer<String, byte[]>> lanes = new EnumMap<>(Lane.class);
        for (Lane lane : Lane.values()) {
            ShareBrokerDouble c = new ShareBrokerDouble();
            lanes.put(lane, c);
            shareConsumers.put(ws.topics().lane(lane), c);
        }
        ShareBrokerDouble pieceConsumer = null;
        if (pieces.enabled()) {
            pieceConsumer = new ShareBrokerDouble();
            shareConsumers.put(PIECES_0.topic(), pieceConsumer);
        }
        worker = new AsrWorker(ws, pools, new WorkerMetrics(registry), pieces, ShareSources.create(ws,
                ShareSettings.DEFAULT, lanes, PIECES_0.topic(), pieceConsumer, producer, registry), false);
        worker.start();
        waitUntil(() -> worker.health().isReady());
    }

    /** Whether the lanes come from the consumer group. */
    boolean isGroup() {
        return mode != Mode.SHARE;
    }

    /** Whether records of {@code topic} come from a share group here. */
    private boolean shared(String topic) {
        return shareConsumers.containsKey(topic);
    }

    static ConsumerRecord<String, byte[]> job(TopicPartition tp, long offset, String id, String providerHint) {
        return job(tp, offset, id, providerHint, WavWriter.pcm16(new float[1600], 16_000));
    }

    static ConsumerRecord<String, byte[]> job(TopicPartition tp, long offset, String id, String providerHint,
                                              byte[] audio) {
        AudioJob job = AudioJob.newBuilder().setJobId(id).setSubmittedAtMs(Instant.now())
                .setAudio(new InlineAudio(ByteBuffer.wrap(audio))).setByteSize(audio.length).setAttributes(Map.of())
                .setProviderHint(providerHint).build();
        return new ConsumerRecord<>(tp.topic(), tp.partition(), offset, id, AvroCodec.encode(job));
    }

    void add(ConsumerRecord<String, byte[]> record) {
        if (shared(record.topic())) {
            shareConsumers.get(record.topic()).addRecord(record);
        } else {
            consumer.schedulePollTask(() -> consumer.addRecord(record));
        }
    }

    /**
     * Group: the committed offset. Share: the first offset not yet settled (accepted or rejected)
     * by the worker, counting from 0 — the same number when the worker has settled a prefix.
     */
    long committed(TopicPartition tp) {
        if (shared(tp.topic())) {
            long prefix = shareConsumers.get(tp.topic()).settledPrefix(tp.topic(), tp.partition());
            return prefix == 0 ? -1 : prefix;
        }
        OffsetAndMetadata om = consumer.committed(Set.of(tp)).get(tp);
        return om == null ? -1 : om.offset();
    }

    /** Share mode: the consumer of {@code tp}'s topic. */
    ShareBrokerDouble share(TopicPartition tp) {
        return shareConsumers.get(tp.topic());
    }

    /** Values published to {@code topic} so far. */
    List<ProducerRecord<String, byte[]>> published(String topic) {
        return new ArrayList<>(producer.history()).stream().filter(r -> r.topic().equals(topic)).toList();
    }

    /** Results published to the results topic so far, decoded. */
    List<TranscriptResult> results() {
        return decoded(Topics.DEFAULT.results());
    }

    List<TranscriptResult> deadLetters() {
        return decoded(Topics.DEFAULT.deadLetters());
    }

    private List<TranscriptResult> decoded(String topic) {
        List<TranscriptResult> out = new ArrayList<>();
        for (ProducerRecord<String, byte[]> r : new ArrayList<>(producer.history())) {
            if (r.topic().equals(topic)) {
                try {
                    out.add(AvroCodec.decodeResult(r.value()));
                } catch (java.io.IOException e) {
                    throw new AssertionError(e);
                }
            }
        }
        return out;
    }

    /** Returns once the poll loop has gone round {@code n} more times (each round may commit). */
    void awaitPolls(int n) throws Exception {
        if (mode == Mode.SHARE) {
            long target = worker.loopTurns() + n;
            waitUntil(() -> worker.loopTurns() >= target || !worker.isRunning());
            return;
        }
        CountDownLatch latch = new CountDownLatch(n);
        Runnable[] task = new Runnable[1];
        task[0] = () -> {
            latch.countDown();
            if (latch.getCount() > 0) {
                consumer.schedulePollTask(task[0]);
            }
        };
        consumer.schedulePollTask(task[0]);
        if (!latch.await(10, TimeUnit.SECONDS)) {
            throw new AssertionError("poll loop did not go round " + n + " times");
        }
    }

    static void waitUntil(BooleanSupplier condition) throws Exception {
        io.asrhub.testsupport.Await.until(condition::getAsBoolean, java.time.Duration.ofSeconds(15));
    }

    double gauge(String name, String... tags) {
        return registry.get(name).tags(tags).gauge().value();
    }

    @Override
    public void close() {
        providers.values().forEach(p -> {
            CountDownLatch g = p.gate;
            if (g != null) {
                g.countDown();
            }
        });
        if (worker != null) {
            worker.kill();
        }
        services.values().forEach(RecognitionService::close);
    }
}
