package io.asrhub.pieces;

import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.Stores;

import java.time.Duration;
import java.util.Properties;

/**
 * Kafka Streams app that turns the piece results of long jobs into exactly one TranscriptResult
 * per submission (see docs/long-audio.md). Split manifests and piece results are keyed by job id, so
 * all records of a job meet in one task and its state store.
 */
public final class PieceStitcherTopology {
    /** One entry per submission of a split job (renamed from piece-stitch-jobs when splits got ids). */
    static final String STORE = "piece-stitch-splits";
    static final String RESULTS_SINK = "results";
    static final String DEAD_LETTERS_SINK = "dead-letters";
    static final String PROGRESS_SINK = "progress";
    /** How long a finished job's marker is kept to recognise repeats of its pieces. */
    public static final Duration DEFAULT_FINISHED_RETENTION = Duration.ofDays(1);

    private PieceStitcherTopology() {
    }

    public static Topology topology(PieceTopics pieces, String resultsTopic, String deadLettersTopic) {
        return topology(pieces, resultsTopic, deadLettersTopic, DEFAULT_FINISHED_RETENTION,
                PieceSettings.DEFAULT_SPLIT_TIMEOUT, StitchMeters.none(), new ByteArraySerializer());
    }

    /**
     * @param finishedRetention how long a finished submission's marker is kept to recognise late repeats
     * @param splitTimeout      a split with no manifest or piece counted for this long gets a FAILED result
     * @param values            writes results, dead letters and progress in the configured record format
     */
    public static Topology topology(PieceTopics pieces, String resultsTopic, String deadLettersTopic,
                                    Duration finishedRetention, Duration splitTimeout, StitchMeters meters,
                                    org.apache.kafka.common.serialization.Serializer<byte[]> values) {
        Topology topology = new Topology();
        topology.addSource("piece-results", new StringDeserializer(), new ByteArrayDeserializer(),
                pieces.pieceResults());
        topology.addProcessor("stitch", () -> new StitchProcessor(finishedRetention, splitTimeout, meters), "piece-results");
        // In memory, backed by its changelog topic (restored after a restart); the image ships without
        // RocksDB, and the store holds only jobs whose pieces are still arriving.
        topology.addStateStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(STORE), Serdes.String(),
                Serdes.ByteArray()), "stitch");
        topology.addSink(RESULTS_SINK, resultsTopic, new StringSerializer(), values, "stitch");
        topology.addSink(DEAD_LETTERS_SINK, deadLettersTopic, new StringSerializer(), values, "stitch");
        topology.addSink(PROGRESS_SINK, pieces.progress(), new StringSerializer(), values, "stitch");
        return topology;
    }

    /**
     * exactly_once_v2: the stitch state, the outputs and the consumed offsets are one transaction,
     * so a crash between "last piece stored" and "result published" cannot lose or double the result.
     */
    public static Properties streamsConfig(String bootstrapServers, String applicationId) {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        // Kafka 5.0's default, set now so Streams does not warn about it at every start (no global stores here).
        props.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, true);
        return props;
    }
}
