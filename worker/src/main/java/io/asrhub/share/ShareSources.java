package io.asrhub.share;

import io.asrhub.kafka.KafkaClients;
import io.asrhub.kafka.WorkerSettings;
import io.asrhub.records.Lane;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ShareConsumer;
import org.apache.kafka.clients.producer.Producer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Builds the share-group source of a worker ({@code worker.group-type: share}). Configures each
 * share group on the broker first, so its lock and delivery limit are in force before the first
 * record is acquired.
 */
public final class ShareSources {
    private ShareSources() {
    }

    /**
     * @param piecesTopic the pieces topic to take pieces from (its own share group), or null
     * @param slots       slots of the worker's pools; small may use them all, the other lanes all but
     *                    {@code reserved}, so no lane acquires more records than it could start
     */
    public static ShareSource create(WorkerSettings worker, ShareSettings share, String piecesTopic, int slots,
                                     int reserved, MeterRegistry registry) throws io.asrhub.errors.AsrException {
        List<LaneConsumer> consumers = new ArrayList<>();
        for (Lane lane : Lane.values()) {
            consumers.add(consumer(worker, share, lane, worker.topics().lane(lane),
                    lane == Lane.SMALL ? slots : Math.max(1, slots - reserved), registry));
        }
        if (piecesTopic != null) {
            consumers.addAll(pieceConsumers(worker, share, piecesTopic, slots, registry));
        }
        ShareSource source = new ShareSource(worker, share, consumers, KafkaClients.producer(worker, null));
        if (piecesTopic != null) {
            source.askPieceMembers(new PieceMembers(worker, piecesGroup(worker.groupId())));
        }
        source.closeOnStop(new ShareBacklogMeter(worker.bootstrapServers(), worker.groupId(), worker.topics(),
                registry, Duration.ofSeconds(5)));
        return source;
    }

    /** With given clients: unit tests pass MockShareConsumer/MockProducer here. */
    public static ShareSource create(WorkerSettings worker, ShareSettings share, Map<Lane, ShareConsumer<String, byte[]>> lanes,
                                     String piecesTopic, ShareConsumer<String, byte[]> pieces,
                                     Producer<String, byte[]> producer, MeterRegistry registry) {
        List<LaneConsumer> consumers = new ArrayList<>();
        for (Lane lane : Lane.values()) {
            consumers.add(new LaneConsumer(lane, worker.topics().lane(lane), lanes.get(lane), registry));
        }
        if (pieces != null) {
            consumers.add(new LaneConsumer(null, piecesTopic, pieces, registry));
        }
        return new ShareSource(worker, share, consumers, producer);
    }

    /**
     * Only the pieces of long jobs, through their own share group ({@code <group-id>-pieces}), for a
     * worker whose lanes come from a consumer group: any idle worker takes the next piece. A poll
     * acquires at most {@code slots} pieces, so a worker holds no piece it could not start. Has its own
     * (never transactional) producer: a piece result is idempotent at the stitcher, so at-least-once is enough.
     */
    public static ShareSource piecesOnly(WorkerSettings worker, ShareSettings share, String piecesTopic, int slots,
                                         MeterRegistry registry) throws io.asrhub.errors.AsrException {
        ShareSource source = new ShareSource(worker, share, pieceConsumers(worker, share, piecesTopic, slots, registry),
                KafkaClients.producer(worker, null, "pieces-producer"));
        source.askPieceMembers(new PieceMembers(worker, piecesGroup(worker.groupId())));
        return source;
    }

    /** {@link #piecesOnly} with given clients: unit tests pass a share consumer double and MockProducer here. */
    public static ShareSource piecesOnly(WorkerSettings worker, ShareSettings share, String piecesTopic,
                                         ShareConsumer<String, byte[]> pieces, Producer<String, byte[]> producer,
                                         MeterRegistry registry) {
        return new ShareSource(worker, share, List.of(new LaneConsumer(null, piecesTopic, pieces, registry)), producer);
    }

    /** The share group that takes the pieces of long jobs: {@code <group-id>-pieces}. */
    public static String piecesGroup(String baseGroupId) {
        return LaneConsumer.groupId(baseGroupId, null);
    }

    /**
     * One share consumer per slot, each acquiring one piece at a time. With one consumer for all
     * slots, a poll must renew the pieces still running, and a fetch that carries renewals acquires
     * nothing (KIP-1222): a slot that finished first waited for the others (lock-step). Separate
     * consumers renew and fetch independently.
     */
    private static List<LaneConsumer> pieceConsumers(WorkerSettings worker, ShareSettings share, String piecesTopic,
                                                     int slots, MeterRegistry registry)
            throws io.asrhub.errors.AsrException {
        String group = LaneConsumer.groupId(worker.groupId(), null);
        ShareGroupConfig.apply(worker, group, share);
        List<LaneConsumer> out = new ArrayList<>();
        for (int slot = 0; slot < Math.max(1, slots); slot++) {
            out.add(new LaneConsumer(null, piecesTopic, ShareClients.consumer(worker, group, 1, "-" + slot), registry));
        }
        return out;
    }

    private static LaneConsumer consumer(WorkerSettings worker, ShareSettings share, Lane lane, String topic,
                                         int maxRecords, MeterRegistry registry)
            throws io.asrhub.errors.AsrException {
        String group = LaneConsumer.groupId(worker.groupId(), lane);
        ShareGroupConfig.apply(worker, group, share);
        return new LaneConsumer(lane, topic, ShareClients.consumer(worker, group, maxRecords), registry);
    }
}
