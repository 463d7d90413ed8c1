package io.asrhub.share;

import io.asrhub.kafka.Lane;
import org.apache.kafka.clients.consumer.ShareConsumer;

/**
 * One lane's share consumer and the records it holds. Each lane has its own share group
 * ({@code <group-id>-<lane>}): the broker shares a partition between members only when a group has
 * more members than partitions, so one group over all lanes would give each of three workers one
 * lane's partition, and two would idle while only the small lane had work.
 */
final class LaneConsumer {
    final Lane lane;
    final ShareConsumer<String, byte[]> consumer;
    final HeldRecords held = new HeldRecords();
    long lastPollNanos;

    LaneConsumer(Lane lane, ShareConsumer<String, byte[]> consumer) {
        this.lane = lane;
        this.consumer = consumer;
    }

    static String groupId(String baseGroupId, Lane lane) {
        return baseGroupId + "-" + lane.name().toLowerCase(java.util.Locale.ROOT);
    }
}
