package io.asrhub.bench;

import io.asrhub.assembly.Workers;
import io.asrhub.broker.LocalKafkaBroker;
import io.asrhub.client.ResultReader;
import io.asrhub.client.TopicAdmin;
import io.asrhub.config.Settings;
import io.asrhub.kafka.KafkaClients;
import io.asrhub.kafka.WorkerSettings;
import io.asrhub.pieces.EmbeddedStitcher;
import io.asrhub.pieces.PieceSettings;
import io.asrhub.recognition.RecognitionPools;
import io.asrhub.recognition.RecognitionRuntime;
import io.asrhub.records.AvroCodec;
import io.asrhub.schema.AudioJob;
import io.asrhub.schema.AudioReference;
import io.asrhub.schema.InlineAudio;
import io.asrhub.schema.JobStatus;
import io.asrhub.schema.TranscriptResult;
import io.asrhub.worker.AsrWorker;
import io.asrhub.worker.WorkerMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.KafkaStreams;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The real worker path: a local Kafka broker (child process), the topics, one {@code asr-hub worker}
 * assembled as the command assembles it (lanes, small-lane reservation, pieces through the pieces topic,
 * embedded stitcher) with {@code slots} whisper slots of {@code threads} threads, and a client that
 * publishes each job to the lane {@code submit} would choose and reads its result from the results topic.
 * Latency is from publishing to the result as a read_committed client sees it. {@code overrides} are
 * worker settings (e.g. one FIFO lane), applied on top of the worker's defaults.
 */
final class WorkerStrategy implements Strategy {
    private final Path model;
    private final int slots;
    private final int threads;
    private final Map<String, String> overrides;
    private final Path workDir;
    private final Map<String, Done> pending = new ConcurrentHashMap<>();
    private final Map<Path, byte[]> files = new ConcurrentHashMap<>();
    private LocalKafkaBroker broker;
    private RecognitionPools pools;
    private EmbeddedStitcher stitcher;
    private AsrWorker worker;
    private WorkerSettings ws;
    private KafkaProducer<String, byte[]> producer;
    private Thread reader;
    private volatile boolean closed;

    WorkerStrategy(Path model, int slots, int threads, Map<String, String> overrides, Path workDir) {
        this.model = model;
        this.slots = slots;
        this.threads = threads;
        this.overrides = Map.copyOf(overrides);
        this.workDir = workDir;
    }

    @Override
    public void start() throws Exception {
        broker = LocalKafkaBroker.start(workDir.resolve("kafka"));
        String id = UUID.randomUUID().toString().substring(0, 8);
        Map<String, String> values = new HashMap<>(Map.of("kafka.bootstrap-servers", broker.bootstrapServers(),
                "kafka.group-id", "bench-" + id, "worker.id", "bench-worker", "providers.whisper.model",
                model.toAbsolutePath().toString(), "providers.whisper.threads", String.valueOf(threads),
                "providers.whisper.language", "en", "providers.whisper.pool.min", String.valueOf(slots),
                "providers.whisper.pool.max", String.valueOf(slots), "topics.replication-factor", "1",
                "worker.reference-roots", "/"));
        values.putAll(overrides);
        Settings settings = Settings.of(values);
        ws = WorkerSettings.read(settings);
        PieceSettings pieces = PieceSettings.read(settings);
        TopicAdmin.ensureTopics(ws, pieces.topics(), io.asrhub.topics.TopicLayout.read(settings));
        pools = RecognitionRuntime.startAll(settings, new SimpleMeterRegistry());
        worker = Workers.create(settings, ws, pieces, pools, new WorkerMetrics(new SimpleMeterRegistry()));
        worker.start();
        if (pieces.embeddedStitcher()) { // as `asr-hub worker` does
            stitcher = EmbeddedStitcher.start(ws, pieces, new SimpleMeterRegistry());
        }
        producer = KafkaClients.producer(ws, null);
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (!(worker.health().isReady() && worker.ownedPartitions() > 0
                && (stitcher == null || stitcher.state() == KafkaStreams.State.RUNNING))) {
            if (System.nanoTime() > deadline) {
                throw new IOException("the worker did not own its partitions (or the stitcher did not run) within 90 s");
            }
            Thread.sleep(50); // polling a condition the worker exposes no wait for
        }
        // Fresh broker and topics: reading from the beginning cannot see another run's results.
        ResultReader results = new ResultReader(ws.bootstrapServers(), ws.topics().results(), true);
        reader = new Thread(() -> readResults(results), "bench-result-reader");
        reader.setDaemon(true);
        reader.start();
    }

    private void readResults(ResultReader results) {
        try (results) {
            while (!closed) {
                for (TranscriptResult r : results.poll(Duration.ofMillis(20))) {
                    Done done = pending.remove(r.getJobId());
                    if (done == null) {
                        continue; // a duplicate would show as a missing job elsewhere; the first one counts
                    }
                    if (r.getStatus() == JobStatus.OK) {
                        done.finished(r.getText(), null);
                    } else {
                        done.finished(null, new IOException(r.getErrorCode() + ": " + r.getErrorMessage()));
                    }
                }
            }
        } catch (RuntimeException e) {
            if (!closed) {
                pending.values().forEach(d -> d.finished(null, e));
            }
        }
    }

    /** Publishes the job as {@code submit} would (inline when it fits, else a file reference); never blocks. */
    @Override
    public void submit(BenchJob job, float[] audio, Done done) {
        byte[] bytes = files.computeIfAbsent(job.clip(), WorkerStrategy::read);
        String jobId = UUID.randomUUID().toString();
        boolean inline = bytes.length <= ws.maxMessageBytes() - 64 * 1024;
        AudioJob record = AudioJob.newBuilder().setJobId(jobId).setSubmittedAtMs(Instant.now())
                .setAudio(inline ? new InlineAudio(ByteBuffer.wrap(bytes))
                        : new AudioReference(job.clip().toAbsolutePath().toUri().toString()))
                .setContentType("audio/wav").setByteSize(bytes.length).setDurationMs(job.audioMs())
                .setLanguageHint("en").setAttributes(Map.of("file", job.clip().getFileName().toString())).build();
        pending.put(jobId, done);
        String topic = ws.topics().lane(ws.router().route(job.audioMs(), bytes.length));
        producer.send(new ProducerRecord<>(topic, jobId, AvroCodec.encode(record)), (meta, error) -> {
            if (error != null && pending.remove(jobId) != null) {
                done.finished(null, error);
            }
        });
    }

    private static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Override
    public int busySlots() {
        return pools == null ? 0 : pools.defaultService().pool().inUse();
    }

    @Override
    public void close() {
        closed = true;
        if (worker != null) {
            worker.stop();
        }
        if (stitcher != null) {
            stitcher.close();
        }
        if (producer != null) {
            producer.close();
        }
        if (pools != null) {
            pools.close();
        }
        if (broker != null) {
            broker.close(); // waits for the broker's exit, so its CPU counts toward this run
        }
    }
}
