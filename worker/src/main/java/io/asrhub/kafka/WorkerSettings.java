package io.asrhub.kafka;

import io.asrhub.config.Settings;
import io.asrhub.errors.AsrException;
import io.asrhub.errors.ErrorCode;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Everything the Kafka side is configured with; keys and defaults are listed in docs/configuration.md. */
public record WorkerSettings(String bootstrapServers, String groupId, String workerId, Topics topics,
                             LaneRouter router, int smallReservedSlots, int maxAttempts, Duration retryBackoff,
                             Duration shutdownGrace, Duration revokeGrace, Duration commitInterval,
                             boolean exactlyOnce, List<Path> referenceRoots, int maxMessageBytes, int metricsPort,
                             Map<String, String> clientOverrides) {

    public static List<String> knownKeys() {
        return List.of("kafka.bootstrap-servers", "kafka.group-id", "worker.id", "topics.small", "topics.medium",
                "topics.large", "topics.results", "topics.dead-letters", "lanes.medium-from-ms", "lanes.large-from-ms",
                "lanes.medium-from-bytes", "lanes.large-from-bytes", "lanes.small-reserved-slots",
                "worker.max-attempts", "worker.retry-backoff-ms", "worker.shutdown-grace-ms", "worker.revoke-grace-ms",
                "worker.commit-interval-ms", "worker.exactly-once", "worker.reference-roots",
                "kafka.max-message-bytes", "metrics.port");
    }

    public static WorkerSettings read(Settings s) throws AsrException {
        Topics topics = new Topics(s.get("topics.small", Topics.DEFAULT.small()),
                s.get("topics.medium", Topics.DEFAULT.medium()), s.get("topics.large", Topics.DEFAULT.large()),
                s.get("topics.results", Topics.DEFAULT.results()),
                s.get("topics.dead-letters", Topics.DEFAULT.deadLetters()));
        LaneRouter router = new LaneRouter(s.getLong("lanes.medium-from-ms", LaneRouter.DEFAULT.mediumFromMs()),
                s.getLong("lanes.large-from-ms", LaneRouter.DEFAULT.largeFromMs()),
                s.getLong("lanes.medium-from-bytes", LaneRouter.DEFAULT.mediumFromBytes()),
                s.getLong("lanes.large-from-bytes", LaneRouter.DEFAULT.largeFromBytes()));
        List<Path> roots = new ArrayList<>();
        for (String root : s.get("worker.reference-roots", "").split(",")) {
            if (!root.isBlank()) {
                roots.add(Path.of(root.trim()).toAbsolutePath().normalize());
            }
        }
        int attempts = s.getInt("worker.max-attempts", 3);
        if (attempts < 1) {
            throw new AsrException(ErrorCode.CONFIG_INVALID, "worker.max-attempts must be >= 1");
        }
        return new WorkerSettings(s.get("kafka.bootstrap-servers", "localhost:9092"),
                s.get("kafka.group-id", "asr-hub-workers"), s.get("worker.id", defaultWorkerId()), topics, router,
                s.getInt("lanes.small-reserved-slots", 1), attempts,
                Duration.ofMillis(s.getLong("worker.retry-backoff-ms", 500)),
                Duration.ofMillis(s.getLong("worker.shutdown-grace-ms", 30_000)),
                Duration.ofMillis(s.getLong("worker.revoke-grace-ms", 10_000)),
                Duration.ofMillis(s.getLong("worker.commit-interval-ms", 500)),
                s.getBoolean("worker.exactly-once", false), List.copyOf(roots),
                s.getInt("kafka.max-message-bytes", 16 * 1024 * 1024), s.getInt("metrics.port", 0),
                s.subtree("kafka.client"));
    }

    private static String defaultWorkerId() {
        return ManagementFactory.getRuntimeMXBean().getName(); // pid@hostname: unique per process
    }
}
