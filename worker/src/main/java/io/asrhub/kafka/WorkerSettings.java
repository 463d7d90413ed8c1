package io.asrhub.kafka;

import io.asrhub.config.ConfigKeys;
import io.asrhub.config.Settings;
import io.asrhub.errors.AsrException;
import io.asrhub.errors.ErrorCode;
import io.asrhub.records.Lane;
import io.asrhub.records.LaneRouter;
import io.asrhub.records.RecordFormat;
import io.asrhub.records.Topics;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Everything the Kafka side is configured with. Keys and defaults are defined once, in
 * {@link ConfigKeys}; docs/configuration.md explains them.
 */
public record WorkerSettings(String bootstrapServers, String groupId, String workerId, Topics topics,
                             LaneRouter router, int smallReservedSlots, int maxAttempts, Duration retryBackoff,
                             Duration shutdownGrace, Duration revokeGrace, Duration commitInterval,
                             boolean exactlyOnce, List<Path> referenceRoots, int maxMessageBytes, int metricsPort,
                             Map<String, String> clientOverrides, String groupInstanceId, Duration retryBackoffMax,
                             int breakerFailures, Duration breakerOpen, Duration brokerTimeout, Duration sendTimeout,
                             int publishAttempts, String defaultProvider, Map<Lane, String> laneProviders,
                             int maxQueuedPerPartition, Duration laneAging, TenantFairness tenants,
                             RecordFormat records) {

    public static WorkerSettings read(Settings s) throws AsrException {
        Topics topics = new Topics(s.get(ConfigKeys.TOPIC_SMALL), s.get(ConfigKeys.TOPIC_MEDIUM),
                s.get(ConfigKeys.TOPIC_LARGE), s.get(ConfigKeys.TOPIC_RESULTS), s.get(ConfigKeys.TOPIC_DEAD_LETTERS));
        LaneRouter router = new LaneRouter(s.getLong(ConfigKeys.MEDIUM_FROM_MS), s.getLong(ConfigKeys.LARGE_FROM_MS),
                s.getLong(ConfigKeys.MEDIUM_FROM_BYTES), s.getLong(ConfigKeys.LARGE_FROM_BYTES));
        List<Path> roots = new ArrayList<>();
        for (String root : s.get(ConfigKeys.REFERENCE_ROOTS).split(",")) {
            if (!root.isBlank()) {
                roots.add(Path.of(root.trim()).toAbsolutePath().normalize());
            }
        }
        int attempts = s.getInt(ConfigKeys.MAX_ATTEMPTS);
        if (attempts < 1) {
            throw new AsrException(ErrorCode.CONFIG_INVALID, ConfigKeys.MAX_ATTEMPTS.name() + " must be >= 1");
        }
        int breakerFailures = s.getInt(ConfigKeys.BREAKER_FAILURES);
        if (breakerFailures < 1) {
            throw new AsrException(ErrorCode.CONFIG_INVALID, ConfigKeys.BREAKER_FAILURES.name() + " must be >= 1");
        }
        String defaultProvider = s.get(ConfigKeys.PROVIDER);
        Map<Lane, String> laneProviders = new EnumMap<>(Lane.class);
        for (Lane lane : Lane.values()) {
            String provider = s.get(ConfigKeys.laneProvider(lane.name().toLowerCase(Locale.ROOT)), null);
            if (provider != null) {
                laneProviders.put(lane, provider); // lanes without one use the default provider
            }
        }
        return new WorkerSettings(s.get(ConfigKeys.BOOTSTRAP), s.get(ConfigKeys.GROUP_ID),
                s.get(ConfigKeys.WORKER_ID.name(), defaultWorkerId()), topics, router,
                s.getInt(ConfigKeys.SMALL_RESERVED_SLOTS), attempts, millis(s, ConfigKeys.RETRY_BACKOFF_MS),
                millis(s, ConfigKeys.SHUTDOWN_GRACE_MS), millis(s, ConfigKeys.REVOKE_GRACE_MS),
                millis(s, ConfigKeys.COMMIT_INTERVAL_MS), s.getBoolean(ConfigKeys.EXACTLY_ONCE), List.copyOf(roots),
                s.getInt(ConfigKeys.MAX_MESSAGE_BYTES), s.getInt(ConfigKeys.METRICS_PORT),
                s.subtree("kafka.client"), s.get(ConfigKeys.GROUP_INSTANCE_ID),
                millis(s, ConfigKeys.RETRY_BACKOFF_MAX_MS), breakerFailures, millis(s, ConfigKeys.BREAKER_OPEN_MS),
                millis(s, ConfigKeys.BROKER_TIMEOUT_MS), millis(s, ConfigKeys.SEND_TIMEOUT_MS),
                s.getInt(ConfigKeys.PUBLISH_ATTEMPTS), defaultProvider, Map.copyOf(laneProviders),
                Math.max(1, s.getInt(ConfigKeys.MAX_QUEUED_PER_PARTITION)), millis(s, ConfigKeys.LANE_AGING_MS),
                TenantFairness.read(s), RecordFormat.read(s));
    }

    private static Duration millis(Settings s, io.asrhub.config.Key key) throws AsrException {
        long v = s.getLong(key);
        if (v < 0) {
            throw new AsrException(ErrorCode.CONFIG_INVALID, key.name() + " must not be negative");
        }
        return Duration.ofMillis(v);
    }

    private static String defaultWorkerId() {
        return ManagementFactory.getRuntimeMXBean().getName(); // pid@hostname: unique per process
    }
}
