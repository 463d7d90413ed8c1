package io.asrhub.share;

import io.asrhub.records.Lane;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.AcknowledgeType;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ShareConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * One lane's (or the pieces topic's) share consumer, the records it holds, and its acknowledgements.
 * Each lane has its own share group ({@code <group-id>-<lane>}): the broker shares a partition
 * between members only when a group has more members than partitions, so one group over all lanes would give each of three
 * workers one lane's partition, and two would idle while only the small lane had work.
 * Used from the poll thread only.
 */
final class LaneConsumer {
    private static final Logger LOG = LoggerFactory.getLogger(LaneConsumer.class);
    /** The lane, or null for the pieces topic. */
    final Lane lane;
    final String topic;
    final ShareConsumer<String, byte[]> consumer;
    final HeldRecords held = new HeldRecords();
    private final MeterRegistry meters;
    long lastPollNanos;

    LaneConsumer(Lane lane, String topic, ShareConsumer<String, byte[]> consumer, MeterRegistry meters) {
        this.lane = lane;
        this.topic = topic;
        this.consumer = consumer;
        this.meters = meters;
    }

    /** {@code <group-id>-<lane>}, or {@code <group-id>-pieces} for the pieces topic ({@code lane} null). */
    static String groupId(String baseGroupId, Lane lane) {
        return baseGroupId + "-" + tag(lane);
    }

    static String tag(Lane lane) {
        return lane == null ? "pieces" : lane.name().toLowerCase(Locale.ROOT);
    }

    /** Acknowledges the records whose verdict is known and which the consumer can acknowledge now. */
    boolean acknowledgeDecided() {
        List<HeldRecords.Held> decided = held.takeDecided();
        for (HeldRecords.Held h : decided) {
            acknowledge(h.latest, h.verdict.acknowledgeType);
        }
        return !decided.isEmpty();
    }

    /** Extends the lock of every record still running: required before each poll in explicit mode. */
    void renewRunning() {
        for (HeldRecords.Held h : held.takeRunningInBatch()) {
            acknowledge(h.latest, AcknowledgeType.RENEW);
        }
    }

    void acknowledge(ConsumerRecord<String, byte[]> r, AcknowledgeType type) {
        consumer.acknowledge(r, type);
        Counter.builder("asr.share.acknowledged").tag("type", type.name().toLowerCase(Locale.ROOT))
                .tag("lane", tag(lane)).register(meters).increment();
    }

    long lockNanos(Duration fallback) {
        long ms = consumer.acquisitionLockTimeoutMs().map(Integer::longValue).orElse(fallback.toMillis());
        return TimeUnit.MILLISECONDS.toNanos(ms);
    }

    /** Shutdown: what is still held goes back to the group now instead of when its lock expires. */
    void releaseHeldAndClose() {
        try {
            acknowledgeDecided();
            for (HeldRecords.Held h : held.takeAllInBatch()) {
                acknowledge(h.latest, AcknowledgeType.RELEASE);
            }
            consumer.commitSync(Duration.ofSeconds(5));
        } catch (RuntimeException e) {
            LOG.info("releasing held records on shutdown: {}; their locks expire instead", e.toString());
        }
        try {
            consumer.close(Duration.ofSeconds(5)); // also releases records acquired but not yet returned
        } catch (RuntimeException e) {
            LOG.warn("closing share consumer: {}", e.toString());
        }
    }
}
