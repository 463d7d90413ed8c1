package io.asrhub.group;

import io.asrhub.records.Lane;
import io.asrhub.records.Topics;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;

import java.util.EnumMap;
import java.util.Map;
import java.util.OptionalLong;

/**
 * Records behind per lane for the partitions this worker owns, read from the consumer's own
 * fetch positions on the poll thread (the consumer is not thread-safe) and served to the meter.
 */
final class LaneLag {
    private final Topics topics;
    private final Map<Lane, Long> lag = new EnumMap<>(Lane.class);

    LaneLag(Topics topics) {
        this.topics = topics;
        for (Lane lane : Lane.values()) {
            lag.put(lane, 0L);
        }
    }

    void update(Consumer<String, byte[]> consumer) {
        Map<Lane, Long> fresh = new EnumMap<>(Lane.class);
        for (Lane lane : Lane.values()) {
            fresh.put(lane, 0L);
        }
        try {
            for (TopicPartition tp : consumer.assignment()) {
                if (!topics.lanes().contains(tp.topic())) {
                    continue; // the pieces topic: its lag is not a lane's
                }
                OptionalLong l = consumer.currentLag(tp);
                if (l.isPresent()) {
                    fresh.merge(topics.laneOf(tp.topic()), l.getAsLong(), Long::sum);
                }
            }
        } catch (RuntimeException e) {
            return; // lag unknown right now (e.g. no position yet); keep the last value
        }
        synchronized (this) {
            lag.putAll(fresh);
        }
    }

    synchronized long lag(Lane lane) {
        return lag.get(lane);
    }
}
