package io.asrhub.assembly;

import io.asrhub.config.Definition;
import io.asrhub.config.Settings;
import io.asrhub.errors.AsrException;
import io.asrhub.group.GroupSource;
import io.asrhub.kafka.KafkaClients;
import io.asrhub.kafka.WorkerSettings;
import io.asrhub.pieces.PieceSettings;
import io.asrhub.recognition.RecognitionPools;
import io.asrhub.recognition.RecognitionService;
import io.asrhub.share.GroupType;
import io.asrhub.share.ShareSettings;
import io.asrhub.share.ShareSource;
import io.asrhub.share.ShareSources;
import io.asrhub.worker.AsrWorker;
import io.asrhub.worker.JobSource;
import io.asrhub.worker.WorkerMetrics;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

/**
 * The one place that builds a worker: the job pipeline with the source its settings ask for
 * ({@code worker.group-type}: a consumer group, or share groups; in a consumer group, pieces of long
 * jobs through a share group of their own when the broker offers them, {@code pieces.consumer}).
 * Used by {@code worker}, {@code dev}, the test harnesses and the benchmarks, so all of them run the
 * same thing. Says which path it chose in the log and in the {@code asr.worker.source} meter's tags.
 */
public final class Workers {
    private static final Logger LOG = LoggerFactory.getLogger(Workers.class);
    /** Keys read here, for validation and environment overrides. */
    public static final List<Definition<?>> DEFINITIONS = PiecesPath.DEFINITIONS;

    private Workers() {
    }

    /** A worker of {@code settings} with real Kafka clients and the broker probe. */
    public static AsrWorker create(Settings settings, WorkerSettings worker, PieceSettings pieces,
                                   RecognitionPools pools, WorkerMetrics metrics) throws AsrException {
        JobSource source = source(settings, worker, pieces, pools, metrics.registry());
        LOG.info("worker {} takes its records from {}", worker.workerId(), source.describe());
        return new AsrWorker(worker, pools, metrics, pieces, source, true);
    }

    /** A consumer-group worker of {@code worker}, pieces too (benchmarks and tools that hold only worker settings). */
    public static AsrWorker consumerGroup(WorkerSettings worker, PieceSettings pieces, RecognitionPools pools,
                                          WorkerMetrics metrics) {
        String piecesTopic = pieces.enabled() ? pieces.topics().pieces() : null;
        return new AsrWorker(worker, pools, metrics, pieces, groupSource(worker, piecesTopic, pools,
                metrics.registry()), true);
    }

    /**
     * Lanes from {@code lanes} (a consumer group not subscribed to the pieces topic), pieces from
     * {@code pieces} (their share group): what {@link #create} builds when the broker offers share
     * groups; tests build it here on mock clients.
     */
    public static JobSource sharedPieces(GroupSource lanes, ShareSource pieces, String piecesTopic) {
        return new SharedPiecesSource(lanes, pieces, piecesTopic);
    }

    /** The source {@code worker.group-type} and {@code pieces.consumer} ask for. */
    private static JobSource source(Settings settings, WorkerSettings worker, PieceSettings pieces,
                                    RecognitionPools pools, MeterRegistry registry) throws AsrException {
        ShareSettings share = ShareSettings.read(settings);
        String piecesTopic = pieces.enabled() ? pieces.topics().pieces() : null;
        if (share.groupType() == GroupType.SHARE) {
            RecognitionService main = pools.defaultService();
            tag(registry, "share", piecesTopic == null ? "none" : "share");
            return ShareSources.create(worker, share, piecesTopic, pools.totalSlots(),
                    main.pool().options().reservedSlots(), registry);
        }
        if (piecesTopic == null) {
            tag(registry, "consumer", "none");
            return groupSource(worker, null, pools, registry);
        }
        PiecesPath path = PiecesPath.choose(settings, worker);
        if (path.viaShare()) {
            ShareSource shared = sharedPieces(settings, worker, share, piecesTopic, pools, registry, path);
            if (shared != null) {
                LOG.info("pieces via share group {} ({}): any idle worker takes the next piece, at-least-once",
                        ShareSources.piecesGroup(worker.groupId()), path.why());
                tag(registry, "consumer", "share");
                return new SharedPiecesSource(groupSource(worker, null, pools, registry), shared, piecesTopic);
            }
        }
        LOG.info("pieces via consumer group {} ({}): each worker runs the pieces of the partitions it owns",
                worker.groupId(), path.why());
        tag(registry, "consumer", "consumer");
        return groupSource(worker, piecesTopic, pools, registry);
    }

    /** The pieces' share source, or null when {@code auto} falls back because the broker refused the group. */
    private static ShareSource sharedPieces(Settings settings, WorkerSettings worker, ShareSettings share,
                                            String piecesTopic, RecognitionPools pools, MeterRegistry registry,
                                            PiecesPath path) throws AsrException {
        try {
            return ShareSources.piecesOnly(worker, share, piecesTopic, pools.totalSlots(), registry);
        } catch (AsrException e) {
            if (!path.mayFallBack(settings)) {
                throw e;
            }
            LOG.warn("pieces.consumer=auto: the broker offers share groups but refused the pieces' share group "
                    + "({}); taking pieces through the consumer group", e.getMessage());
            return null;
        }
    }

    private static GroupSource groupSource(WorkerSettings worker, String piecesTopic, RecognitionPools pools,
                                           MeterRegistry registry) {
        return new GroupSource(worker, piecesTopic, KafkaClients.laneConsumer(worker, Math.max(2, pools.totalSlots())),
                KafkaClients.producer(worker, worker.exactlyOnce()
                        ? "asr-hub-" + worker.groupId() + "-" + worker.workerId() : null), registry);
    }

    /** {@code asr.worker.source{lanes, pieces}} = 1: which path this worker's lanes and pieces take. */
    private static void tag(MeterRegistry registry, String lanes, String pieces) {
        Gauge.builder("asr.worker.source", () -> 1)
                .description("how this worker takes records: lanes consumer|share, pieces consumer|share|none")
                .tag("lanes", lanes).tag("pieces", pieces).register(registry);
    }
}
