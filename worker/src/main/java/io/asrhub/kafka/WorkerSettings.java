package io.asrhub.kafka;

import io.asrhub.config.ConfigKeys;
import io.asrhub.config.Settings;
import io.asrhub.errors.AsrException;
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
        LaneRouter router = new LaneRouter(s.get(ConfigKeys.MEDIUM_FROM_MS), s.get(ConfigKeys.LARGE_FROM_MS),
                s.get(ConfigKeys.MEDIUM_FROM_BYTES), s.get(ConfigKeys.LARGE_FROM_BYTES));
        List<Path> roots = new ArrayList<>();
        for (String root : s.get(ConfigKeys.REFERENCE_ROOTS)) {
            roots.add(Path.of(root).toAbsolutePath().normalize());
        }
        Map<Lane, String> laneProviders = new EnumMap<>(Lane.class);
        for (Lane lane : Lane.values()) {
            s.find(ConfigKeys.laneProvider(lane.name().toLowerCase(Locale.ROOT)))
                    .ifPresent(p -> laneProviders.put(lane, p)); // lanes without one use the default provider
        }
        return new WorkerSettings(s.get(ConfigKeys.BOOTSTRAP), s.get(ConfigKeys.GROUP_ID),
                s.find(ConfigKeys.WORKER_ID).orElseGet(WorkerSettings::defaultWorkerId), topics, router,
                s.get(ConfigKeys.SMALL_RESERVED_SLOTS), s.get(ConfigKeys.MAX_ATTEMPTS), s.get(ConfigKeys.RETRY_BACKOFF_MS),
                s.get(ConfigKeys.SHUTDOWN_GRACE_MS), s.get(ConfigKeys.REVOKE_GRACE_MS),
                s.get(ConfigKeys.COMMIT_INTERVAL_MS), s.get(ConfigKeys.EXACTLY_ONCE), List.copyOf(roots),
                s.get(ConfigKeys.MAX_MESSAGE_BYTES), s.get(ConfigKeys.METRICS_PORT),
                s.kafkaClientSettings(), s.get(ConfigKeys.GROUP_INSTANCE_ID),
                s.get(ConfigKeys.RETRY_BACKOFF_MAX_MS), s.get(ConfigKeys.BREAKER_FAILURES),
                s.get(ConfigKeys.BREAKER_OPEN_MS), s.get(ConfigKeys.BROKER_TIMEOUT_MS), s.get(ConfigKeys.SEND_TIMEOUT_MS),
                s.get(ConfigKeys.PUBLISH_ATTEMPTS), s.get(ConfigKeys.PROVIDER), Map.copyOf(laneProviders),
                s.get(ConfigKeys.MAX_QUEUED_PER_PARTITION), s.get(ConfigKeys.LANE_AGING_MS),
                TenantFairness.read(s), RecordFormat.read(s));
    }

    private static String defaultWorkerId() {
        return ManagementFactory.getRuntimeMXBean().getName(); // pid@hostname: unique per process
    }
}
