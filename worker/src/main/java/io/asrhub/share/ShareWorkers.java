package io.asrhub.share;

import io.asrhub.config.Settings;
import io.asrhub.errors.AsrException;
import io.asrhub.kafka.KafkaClients;
import io.asrhub.records.Lane;
import io.asrhub.worker.WorkerMetrics;
import io.asrhub.kafka.WorkerSettings;
import io.asrhub.recognition.RecognitionPools;
import io.asrhub.recognition.RecognitionService;
import org.apache.kafka.clients.consumer.ShareConsumer;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;

/**
 * Builds a share-mode worker from the same settings as a consumer-mode one: the entry point for
 * {@code worker.group-type: share}. Configures each lane's share group on the broker first, so its
 * lock and delivery limit are in force before the first record is acquired.
 */
public final class ShareWorkers {
    private ShareWorkers() {
    }

    /** One provider pool (tests, benchmarks): it becomes the default and only pool. */
    public static ShareLaneWorker create(Settings settings, RecognitionService recognition, WorkerMetrics metrics)
            throws AsrException {
        return create(settings, RecognitionPools.single(recognition), metrics);
    }

    public static ShareLaneWorker create(Settings settings, RecognitionPools pools, WorkerMetrics metrics)
            throws AsrException {
        WorkerSettings worker = WorkerSettings.read(settings);
        ShareSettings share = ShareSettings.read(settings);
        RecognitionService recognition = pools.defaultService();
        int slots = recognition.pool().options().maxSize();
        int reserved = recognition.pool().options().reservedSlots();
        Map<Lane, ShareConsumer<String, byte[]>> consumers = new EnumMap<>(Lane.class);
        for (Lane lane : Lane.values()) {
            String group = LaneConsumer.groupId(worker.groupId(), lane);
            ShareGroupConfig.apply(worker.bootstrapServers(), group, share);
            // medium and large may never use the slots reserved for small, so they never acquire more
            consumers.put(lane, ShareClients.consumer(worker, group, lane == Lane.SMALL ? slots : slots - reserved));
        }
        ShareLaneWorker shareWorker = new ShareLaneWorker(worker, share, pools.totalSlots(),
                new JobProcessorRunner(worker, pools, metrics), consumers,
                KafkaClients.producer(worker, null), metrics.registry());
        shareWorker.closeOnStop(new ShareBacklogMeter(worker.bootstrapServers(), worker.groupId(), worker.topics(),
                metrics.registry(), Duration.ofSeconds(5)));
        return shareWorker;
    }
}
