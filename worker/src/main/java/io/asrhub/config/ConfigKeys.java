package io.asrhub.config;

import java.time.Duration;
import java.util.List;

import static io.asrhub.config.Definition.bool;
import static io.asrhub.config.Definition.integer;
import static io.asrhub.config.Definition.list;
import static io.asrhub.config.Definition.longValue;
import static io.asrhub.config.Definition.millis;
import static io.asrhub.config.Definition.string;

/**
 * The definitions of the keys several parts read (the Kafka connection, topics, lanes, the worker
 * loop, audio limits, metrics). Parts with keys of their own define them next to their reader
 * ({@code ShareSettings}, {@code PieceSettings}, {@code TopicLayout}, ...) and contribute them
 * through {@link DefinitionSource}. docs/configuration.md documents each key ({@code DocumentedKeysTest}).
 *
 * <p>Adding a key: one constant here (or next to its reader, listed in that part's DEFINITIONS),
 * e.g. {@code integer("worker.max-attempts", 3, "meaning").check(Rule.atLeast(1))}, added to
 * {@link #DEFINITIONS}; read it with {@code settings.get(KEY)}; add its row to docs/configuration.md.
 * An old-style {@code new Key(name, "3", meaning)} becomes that one line.
 */
public final class ConfigKeys {
    public static final Definition<String> PROVIDER = string("provider", "whisper", "default provider section");

    public static final Definition<String> BOOTSTRAP = string("kafka.bootstrap-servers", "localhost:9092",
            "Kafka bootstrap servers");
    public static final Definition<String> GROUP_ID = string("kafka.group-id", "asr-hub-workers",
            "consumer group of all workers");
    public static final Definition<Duration> CONNECT_TIMEOUT_MS = millis("kafka.connect-timeout-ms", 15_000L,
            "client commands (submit, results, router, --create-topics) give up on an unreachable broker after this");
    public static final Definition<Integer> MAX_MESSAGE_BYTES = integer("kafka.max-message-bytes", 16 * 1024 * 1024,
            "largest inline job").check(Rule.atLeast(1)).documentedDefault("16 MiB");

    public static final Definition<String> TOPIC_SMALL = string("topics.small", "asr.jobs.small", "small lane topic");
    public static final Definition<String> TOPIC_MEDIUM = string("topics.medium", "asr.jobs.medium", "medium lane topic");
    public static final Definition<String> TOPIC_LARGE = string("topics.large", "asr.jobs.large", "large lane topic");
    public static final Definition<String> TOPIC_RESULTS = string("topics.results", "asr.transcripts", "results topic");
    public static final Definition<String> TOPIC_DEAD_LETTERS = string("topics.dead-letters", "asr.jobs.dlq",
            "dead-letter topic");

    public static final Definition<Long> MEDIUM_FROM_MS = longValue("lanes.medium-from-ms", 30_000L,
            "medium lane from this duration").check(Rule.atLeast(0));
    public static final Definition<Long> LARGE_FROM_MS = longValue("lanes.large-from-ms", 300_000L,
            "large lane from this duration").check(Rule.atLeast(0));
    public static final Definition<Long> MEDIUM_FROM_BYTES = longValue("lanes.medium-from-bytes", 1_000_000L,
            "medium lane by size").check(Rule.atLeast(0)).documentedDefault("1 MB");
    public static final Definition<Long> LARGE_FROM_BYTES = longValue("lanes.large-from-bytes", 10_000_000L,
            "large lane by size").check(Rule.atLeast(0)).documentedDefault("10 MB");
    public static final Definition<Integer> SMALL_RESERVED_SLOTS = integer("lanes.small-reserved-slots", 1,
            "slots per pool only the small lane may take (capped at pool.max - 1)").check(Rule.atLeast(0));
    public static final Definition<Duration> LANE_AGING_MS = millis("lanes.aging-ms", 30_000L,
            "a queued medium/large job moves one lane up per this wait (0: smallest lane always first)");
    /** {@code lanes.NAME.provider}: the provider a lane's jobs use when they name none (default: {@link #PROVIDER}). */
    public static final List<Definition<String>> LANE_PROVIDERS = List.of(laneProvider("small"),
            laneProvider("medium"), laneProvider("large"));

    public static final Definition<String> WORKER_ID = string("worker.id", null,
            "worker identity (default pid@host)").documentedDefault("`pid@host`");
    public static final Definition<String> GROUP_INSTANCE_ID = string("worker.group-instance-id", null,
            "static group membership id: a restarted worker rejoins without a rebalance");
    public static final Definition<Integer> MAX_ATTEMPTS = integer("worker.max-attempts", 3,
            "failures of one job, while its provider is otherwise healthy, before it is dead-lettered")
            .check(Rule.atLeast(1));
    public static final Definition<Duration> RETRY_BACKOFF_MS = millis("worker.retry-backoff-ms", 500L,
            "first retry delay");
    public static final Definition<Duration> RETRY_BACKOFF_MAX_MS = millis("worker.retry-backoff-max-ms", 30_000L,
            "retry delay cap");
    public static final Definition<Integer> BREAKER_FAILURES = integer("worker.breaker-failures", 5,
            "consecutive provider failures that open its circuit breaker").check(Rule.atLeast(1));
    public static final Definition<Duration> BREAKER_OPEN_MS = millis("worker.breaker-open-ms", 5_000L,
            "first wait before an open breaker probes its provider (doubles, capped by retry-backoff-max-ms)");
    public static final Definition<Duration> SHUTDOWN_GRACE_MS = millis("worker.shutdown-grace-ms", 30_000L,
            "on SIGTERM, the whole time allowed until exit");
    public static final Definition<Duration> REVOKE_GRACE_MS = millis("worker.revoke-grace-ms", 10_000L,
            "on revocation, how long in-flight jobs of those partitions may finish");
    public static final Definition<Duration> COMMIT_INTERVAL_MS = millis("worker.commit-interval-ms", 500L,
            "offset commit cadence");
    public static final Definition<Boolean> EXACTLY_ONCE = bool("worker.exactly-once", false,
            "transactional results + offsets");
    public static final Definition<List<String>> REFERENCE_ROOTS = list("worker.reference-roots", List.of(),
            "directories file: references may use").documentedDefault("empty (references off)");
    public static final Definition<Duration> BROKER_TIMEOUT_MS = millis("worker.broker-timeout-ms", 10_000L,
            "broker unreachable this long: /readyz fails (the worker stays live and resumes when it returns)");
    public static final Definition<Duration> SEND_TIMEOUT_MS = millis("worker.send-timeout-ms", 2_000L,
            "longest a send may block the poll thread (producer max.block.ms)");
    public static final Definition<Integer> MAX_QUEUED_PER_PARTITION = integer("worker.max-queued-per-partition", 2,
            "fetched jobs that may wait per partition before it is paused (read-ahead, so one saturated provider "
                    + "does not hold up another provider's jobs on the same partition)").check(Rule.atLeast(1));
    public static final Definition<Integer> PUBLISH_ATTEMPTS = integer("worker.publish-attempts", 10,
            "sends of one result after retriable producer errors before the worker stops").check(Rule.atLeast(1));

    public static final Definition<Long> AUDIO_MAX_BYTES = longValue("audio.max-bytes", 256L * 1024 * 1024,
            "largest input").check(Rule.atLeast(1)).documentedDefault("256 MiB");
    public static final Definition<Long> AUDIO_MAX_DURATION_MS = longValue("audio.max-duration-ms", 4L * 3600 * 1000,
            "longest input").check(Rule.atLeast(1)).documentedDefault("4 h");
    public static final Definition<Long> AUDIO_MAX_STREAMED_DURATION_MS = longValue("audio.max-streamed-duration-ms",
            4L * 3600 * 1000, "longest input read as a stream (a long WAV or FLAC job being split); its bytes are "
                    + "never held, so audio.max-bytes does not apply to it").check(Rule.atLeast(1))
            .documentedDefault("4 h");
    public static final Definition<Boolean> AUDIO_ACCEPT_TRUNCATED = bool("audio.accept-truncated", false,
            "transcribe audio shorter than its header declares (result flagged truncated) instead of TRUNCATED_AUDIO");
    public static final Definition<Integer> METRICS_PORT = integer("metrics.port", 0,
            "port of /metrics and the health endpoints (0: off)").check(Rule.between(0, 65_535))
            .documentedDefault("`0` (off)");

    public static final Definition<Boolean> TENANT_FAIRNESS = bool("lanes.tenant-fairness", true,
            "admit each (lane, provider) queue's jobs round-robin across tenants (false: in fetch order)");
    public static final Definition<Integer> TENANT_MAX_IN_FLIGHT = integer("lanes.tenant-max-in-flight", 0,
            "jobs one tenant may have running on a worker at once (0: no cap)").check(Rule.atLeast(0))
            .documentedDefault("`0` (no cap)");
    public static final Definition<Long> MAX_QUEUED_BYTES_PER_PARTITION = longValue(
            "worker.max-queued-bytes-per-partition", 16L * 1024 * 1024, "a partition is also paused once its fetched, "
                    + "waiting records hold this many bytes (bounds the read-ahead's memory; 0: count only)")
            .check(Rule.atLeast(0)).documentedDefault("16 MiB");
    public static final Definition<Boolean> METRICS_TENANT_TAGS = bool("metrics.tenant-tags", false,
            "per-tenant meters (a tag per tenant: opt in only with a known, small set of tenants)");

    public static final List<Definition<?>> DEFINITIONS = List.of(PROVIDER, BOOTSTRAP, GROUP_ID, CONNECT_TIMEOUT_MS,
            MAX_MESSAGE_BYTES, TOPIC_SMALL, TOPIC_MEDIUM, TOPIC_LARGE, TOPIC_RESULTS, TOPIC_DEAD_LETTERS,
            MEDIUM_FROM_MS, LARGE_FROM_MS, MEDIUM_FROM_BYTES, LARGE_FROM_BYTES, SMALL_RESERVED_SLOTS, LANE_AGING_MS,
            LANE_PROVIDERS.get(0), LANE_PROVIDERS.get(1), LANE_PROVIDERS.get(2), WORKER_ID, GROUP_INSTANCE_ID,
            MAX_ATTEMPTS, RETRY_BACKOFF_MS, RETRY_BACKOFF_MAX_MS, BREAKER_FAILURES, BREAKER_OPEN_MS, SHUTDOWN_GRACE_MS,
            REVOKE_GRACE_MS, COMMIT_INTERVAL_MS, EXACTLY_ONCE, REFERENCE_ROOTS, BROKER_TIMEOUT_MS, SEND_TIMEOUT_MS,
            PUBLISH_ATTEMPTS, MAX_QUEUED_PER_PARTITION, AUDIO_MAX_BYTES, AUDIO_MAX_DURATION_MS,
            AUDIO_MAX_STREAMED_DURATION_MS, AUDIO_ACCEPT_TRUNCATED, METRICS_PORT, TENANT_FAIRNESS,
            TENANT_MAX_IN_FLIGHT, METRICS_TENANT_TAGS, MAX_QUEUED_BYTES_PER_PARTITION);

    /** Prefix of Kafka client settings passed through to every client (e.g. kafka.client.security.protocol). */
    public static final String KAFKA_CLIENT_PREFIX = "kafka.client.";

    /** {@code lanes.NAME.provider} of one lane (lower-case name). */
    public static Definition<String> laneProvider(String lane) {
        return string("lanes." + lane + ".provider", null, "provider of the " + lane + " lane's jobs that name none")
                .documentedDefault("`provider`");
    }

    private ConfigKeys() {
    }
}
