package io.asrhub.share;

import io.asrhub.records.Lane;
import io.asrhub.records.Topics;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListShareGroupOffsetsSpec;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.SharePartitionOffsetInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * {@code asr.share.backlog{lane}}: records of a lane not yet acknowledged by its share group
 * (waiting or in flight), as the broker reports it. KEDA's Kafka scaler reads consumer-group
 * offsets and cannot see share groups, so share-mode autoscaling scrapes this gauge instead
 * (Prometheus scaler). Every worker reports the same group-wide number; query it with max().
 * Refreshed at most every {@code maxAge} so scrapes do not flood the broker.
 */
public final class ShareBacklogMeter implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ShareBacklogMeter.class);
    private final Admin admin;
    private final String baseGroupId;
    private final Topics topics;
    private final long maxAgeNanos;
    private final Map<Lane, Long> cached = new EnumMap<>(Lane.class);
    private final Map<Lane, Long> readAt = new EnumMap<>(Lane.class);

    public ShareBacklogMeter(String bootstrap, String baseGroupId, Topics topics, MeterRegistry registry,
                             Duration maxAge) {
        this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5000));
        this.baseGroupId = baseGroupId;
        this.topics = topics;
        this.maxAgeNanos = maxAge.toNanos();
        for (Lane lane : Lane.values()) {
            Gauge.builder("asr.share.backlog", () -> backlog(lane)).tag("lane", lane.name().toLowerCase(Locale.ROOT))
                    .register(registry);
        }
    }

    /** The lane's unacknowledged records; the last known value (or NaN) when the broker does not answer. */
    public synchronized double backlog(Lane lane) {
        Long at = readAt.get(lane);
        if (at == null || System.nanoTime() - at > maxAgeNanos) {
            try {
                cached.put(lane, read(lane));
            } catch (Exception e) {
                LOG.debug("share backlog of {} unavailable: {}", lane, e.toString());
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                }
            }
            readAt.put(lane, System.nanoTime());
        }
        Long value = cached.get(lane);
        return value == null ? Double.NaN : value;
    }

    private long read(Lane lane) throws Exception {
        String group = LaneConsumer.groupId(baseGroupId, lane);
        String topic = topics.lane(lane);
        Map<TopicPartition, SharePartitionOffsetInfo> started;
        try {
            started = admin.listShareGroupOffsets(Map.of(group, new ListShareGroupOffsetsSpec()))
                    .partitionsToOffsetInfo(group).get(5, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof GroupIdNotFoundException)) {
                throw e;
            }
            started = Map.of(); // no worker has joined yet: the whole lane is backlog
        }
        int partitions = admin.describeTopics(java.util.List.of(topic)).allTopicNames().get(5, TimeUnit.SECONDS)
                .get(topic).partitions().size();
        Map<TopicPartition, OffsetSpec> ends = new HashMap<>();
        Map<TopicPartition, OffsetSpec> starts = new HashMap<>();
        for (int p = 0; p < partitions; p++) {
            ends.put(new TopicPartition(topic, p), OffsetSpec.latest());
            starts.put(new TopicPartition(topic, p), OffsetSpec.earliest());
        }
        var end = admin.listOffsets(ends).all().get(5, TimeUnit.SECONDS);
        var earliest = admin.listOffsets(starts).all().get(5, TimeUnit.SECONDS);
        long total = 0;
        for (TopicPartition tp : ends.keySet()) {
            SharePartitionOffsetInfo info = started.get(tp);
            if (info != null && info.lag().isPresent()) {
                total += info.lag().get();
            } else {
                // Not started by the group yet (or an older broker): everything from the group's start point.
                long from = info != null ? info.startOffset() : earliest.get(tp).offset();
                total += Math.max(0, end.get(tp).offset() - from);
            }
        }
        return total;
    }

    @Override
    public void close() {
        admin.close(Duration.ofSeconds(5));
    }
}
