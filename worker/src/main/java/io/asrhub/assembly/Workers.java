package io.asrhub.assembly;

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
import io.asrhub.share.ShareSources;
import io.asrhub.worker.AsrWorker;
import io.asrhub.worker.JobSource;
import io.asrhub.worker.WorkerMetrics;

/**
 * The one place that builds a worker: the job pipeline with the source its settings ask for
 * ({@code worker.group-type}: a consumer group, or share groups). Used by {@code worker},
 * {@code dev}, the test harnesses and the benchmarks, so all of them run the same thing.
 */
public final class Workers {
    private Workers() {
    }

    /** A worker of {@code settings} with real Kafka clients and the broker probe. */
    public static AsrWorker create(Settings settings, WorkerSettings worker, PieceSettings pieces,
                                   RecognitionPools pools, WorkerMetrics metrics) throws AsrException {
        return new AsrWorker(worker, pools, metrics, pieces, source(settings, worker, pieces, pools, metrics), true);
    }

    /** A consumer-group worker of {@code worker} (benchmarks and tools that hold only worker settings). */
    public static AsrWorker consumerGroup(WorkerSettings worker, PieceSettings pieces, RecognitionPools pools,
                                          WorkerMetrics metrics) {
        return new AsrWorker(worker, pools, metrics, pieces, groupSource(worker, pieces, pools, metrics), true);
    }

    /** The source {@code worker.group-type} asks for. */
    private static JobSource source(Settings settings, WorkerSettings worker, PieceSettings pieces,
                                    RecognitionPools pools, WorkerMetrics metrics) throws AsrException {
        ShareSettings share = ShareSettings.read(settings);
        if (share.groupType() == GroupType.SHARE) {
            String piecesTopic = pieces.enabled() ? pieces.topics().pieces() : null;
            RecognitionService main = pools.defaultService();
            return ShareSources.create(worker, share, piecesTopic, pools.totalSlots(),
                    main.pool().options().reservedSlots(), metrics.registry());
        }
        return groupSource(worker, pieces, pools, metrics);
    }

    private static GroupSource groupSource(WorkerSettings worker, PieceSettings pieces, RecognitionPools pools,
                                           WorkerMetrics metrics) {
        String piecesTopic = pieces.enabled() ? pieces.topics().pieces() : null;
        return new GroupSource(worker, piecesTopic, KafkaClients.laneConsumer(worker, Math.max(2, pools.totalSlots())),
                KafkaClients.producer(worker, worker.exactlyOnce()
                        ? "asr-hub-" + worker.groupId() + "-" + worker.workerId() : null), metrics.registry());
    }

    /** How {@code settings} take work, for start-up lines: "consumer group G" or "share groups G-<lane>". */
    public static String describe(Settings settings, WorkerSettings worker) throws AsrException {
        return ShareSettings.read(settings).groupType() == GroupType.SHARE
                ? "share groups " + worker.groupId() + "-<lane>" : "consumer group " + worker.groupId();
    }
}
