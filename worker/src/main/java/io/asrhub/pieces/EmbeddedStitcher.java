package io.asrhub.pieces;

import io.asrhub.kafka.KafkaClients;
import io.asrhub.kafka.WorkerSettings;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;

/**
 * The piece stitcher run inside a worker ({@code chunking.stitcher: embedded}). Every worker of a
 * group runs one with the same application id ({@code GROUP-stitcher}), so they form one Streams
 * group: each partition of the piece results is stitched by exactly one of them, and when a worker
 * dies its partitions (and their state, restored from the changelog) move to another.
 */
public final class EmbeddedStitcher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedStitcher.class);

    private final KafkaStreams streams;
    private final Path stateDir;

    private EmbeddedStitcher(KafkaStreams streams, Path stateDir) {
        this.streams = streams;
        this.stateDir = stateDir;
    }

    public static String applicationId(WorkerSettings ws) {
        return ws.groupId() + "-stitcher";
    }

    public static EmbeddedStitcher start(WorkerSettings ws, PieceSettings pieces, MeterRegistry registry) {
        Path stateDir;
        try {
            // Own directory per process: two workers on one machine must not share task locks.
            stateDir = Files.createTempDirectory("asr-hub-stitcher-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the stitcher's state directory", e);
        }
        Properties props = PieceStitcherTopology.streamsConfig(ws.bootstrapServers(), applicationId(ws));
        props.putAll(KafkaClients.streamsOverrides(ws)); // security settings from config/env
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        props.put(StreamsConfig.CLIENT_ID_CONFIG, applicationId(ws) + "-" + ws.workerId().replaceAll("[^A-Za-z0-9._-]", "_"));
        // A final result carries every segment of a long recording: allow records as large as a job's.
        props.put(StreamsConfig.producerPrefix("max.request.size"), ws.maxMessageBytes() + 1024 * 1024);
        props.put(StreamsConfig.consumerPrefix("max.partition.fetch.bytes"), ws.maxMessageBytes() + 1024 * 1024);
        KafkaStreams streams = new KafkaStreams(PieceStitcherTopology.topology(pieces.topics(), ws.topics().results(),
                ws.topics().deadLetters(), PieceStitcherTopology.DEFAULT_FINISHED_RETENTION, pieces.splitTimeout(),
                new StitchMeters(registry), ws.records().valueSerializer()), props);
        streams.setUncaughtExceptionHandler(e -> {
            // With exactly_once_v2 a replaced thread resumes from the last committed transaction.
            LOG.error("stitcher thread failed; replacing it", e);
            return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
        });
        io.micrometer.core.instrument.Gauge.builder("asr.stitch.running", streams,
                        st -> st.state().isRunningOrRebalancing() ? 1 : 0)
                .description("1 while this worker's stitcher member runs (or rebalances); 0 once it failed or closed")
                .register(registry);
        streams.start();
        return new EmbeddedStitcher(streams, stateDir);
    }

    public KafkaStreams.State state() {
        return streams.state();
    }

    /** True while it runs or rebalances; false once it failed or was closed. */
    public boolean isAlive() {
        KafkaStreams.State s = streams.state();
        return s.isRunningOrRebalancing() || s == KafkaStreams.State.CREATED;
    }

    public void close(Duration timeout) {
        streams.close(timeout);
        deleteQuietly(stateDir);
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(10));
    }

    private static void deleteQuietly(Path dir) {
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            LOG.debug("could not delete {}: {}", dir, e.toString());
        }
    }
}
