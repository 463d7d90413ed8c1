package io.asrhub.config;

import java.util.List;

/**
 * The one definition of every fixed configuration key and its default. Readers take their
 * defaults from here, the validator rejects anything not listed (with the nearest key suggested)
 * and the environment mapping ({@code ASR_HUB_...}) is derived from the same list.
 * docs/configuration.md documents each key.
 */
public final class ConfigKeys {
    public static final Key PROVIDER = new Key("provider", "whisper", "default provider section");

    public static final Key BOOTSTRAP = new Key("kafka.bootstrap-servers", "localhost:9092", "Kafka bootstrap servers");
    public static final Key GROUP_ID = new Key("kafka.group-id", "asr-hub-workers", "consumer group of all workers");
    public static final Key CONNECT_TIMEOUT_MS = new Key("kafka.connect-timeout-ms", "15000",
            "client commands (submit, results, router, --create-topics) give up on an unreachable broker after this");
    public static final Key MAX_MESSAGE_BYTES = new Key("kafka.max-message-bytes", String.valueOf(16 * 1024 * 1024),
            "largest inline job");

    public static final Key TOPIC_SMALL = new Key("topics.small", "asr.jobs.small", "small lane topic");
    public static final Key TOPIC_MEDIUM = new Key("topics.medium", "asr.jobs.medium", "medium lane topic");
    public static final Key TOPIC_LARGE = new Key("topics.large", "asr.jobs.large", "large lane topic");
    public static final Key TOPIC_RESULTS = new Key("topics.results", "asr.transcripts", "results topic");
    public static final Key TOPIC_DEAD_LETTERS = new Key("topics.dead-letters", "asr.jobs.dlq", "dead-letter topic");

    public static final Key MEDIUM_FROM_MS = new Key("lanes.medium-from-ms", "30000", "medium lane from this duration");
    public static final Key LARGE_FROM_MS = new Key("lanes.large-from-ms", "300000", "large lane from this duration");
    public static final Key MEDIUM_FROM_BYTES = new Key("lanes.medium-from-bytes", "1000000", "medium lane by size");
    public static final Key LARGE_FROM_BYTES = new Key("lanes.large-from-bytes", "10000000", "large lane by size");
    public static final Key SMALL_RESERVED_SLOTS = new Key("lanes.small-reserved-slots", "1",
            "slots per pool only the small lane may take");
    public static final Key LANE_AGING_MS = new Key("lanes.aging-ms", "30000",
            "a queued medium/large job moves one lane up per this wait (0: smallest lane always first)");
    public static final Key TENANT_FAIRNESS = new Key("lanes.tenant-fairness", "true",
            "admit each (lane, provider) queue's jobs round-robin across tenants (false: in fetch order)");
    public static final Key TENANT_MAX_IN_FLIGHT = new Key("lanes.tenant-max-in-flight", "0",
            "jobs one tenant may have running on a worker at once (0: no cap)");

    public static final Key WORKER_ID = new Key("worker.id", null, "worker identity (default pid@host)");
    public static final Key GROUP_INSTANCE_ID = new Key("worker.group-instance-id", null,
            "static group membership id: a restarted worker rejoins without a rebalance");
    public static final Key MAX_ATTEMPTS = new Key("worker.max-attempts", "3",
            "failures of one job, while its provider is otherwise healthy, before it is dead-lettered");
    public static final Key RETRY_BACKOFF_MS = new Key("worker.retry-backoff-ms", "500", "first retry delay");
    public static final Key RETRY_BACKOFF_MAX_MS = new Key("worker.retry-backoff-max-ms", "30000", "retry delay cap");
    public static final Key BREAKER_FAILURES = new Key("worker.breaker-failures", "5",
            "consecutive provider failures that open its circuit breaker");
    public static final Key BREAKER_OPEN_MS = new Key("worker.breaker-open-ms", "5000",
            "first wait before an open breaker probes its provider (doubles, capped by retry-backoff-max-ms)");
    public static final Key SHUTDOWN_GRACE_MS = new Key("worker.shutdown-grace-ms", "30000",
            "on SIGTERM, the whole time allowed until exit");
    public static final Key REVOKE_GRACE_MS = new Key("worker.revoke-grace-ms", "10000",
            "on revocation, how long in-flight jobs of those partitions may finish");
    public static final Key COMMIT_INTERVAL_MS = new Key("worker.commit-interval-ms", "500", "offset commit cadence");
    public static final Key EXACTLY_ONCE = new Key("worker.exactly-once", "false", "transactional results + offsets");
    public static final Key REFERENCE_ROOTS = new Key("worker.reference-roots", "", "directories file: references may use");
    public static final Key BROKER_TIMEOUT_MS = new Key("worker.broker-timeout-ms", "10000",
            "broker unreachable this long: /readyz fails (the worker stays live and resumes when it returns)");
    public static final Key SEND_TIMEOUT_MS = new Key("worker.send-timeout-ms", "2000",
            "longest a send may block the poll thread (producer max.block.ms)");
    public static final Key MAX_QUEUED_PER_PARTITION = new Key("worker.max-queued-per-partition", "2",
            "fetched jobs that may wait per partition before it is paused (read-ahead, so one saturated provider "
                    + "does not hold up another provider's jobs on the same partition)");
    public static final Key MAX_QUEUED_BYTES_PER_PARTITION = new Key("worker.max-queued-bytes-per-partition",
            String.valueOf(16 * 1024 * 1024), "a partition is also paused once its fetched, waiting records hold this "
                    + "many bytes (bounds the read-ahead's memory; 0: count only)");
    public static final Key PUBLISH_ATTEMPTS = new Key("worker.publish-attempts", "10",
            "sends of one result after retriable producer errors before the worker stops");

    public static final Key AUDIO_MAX_BYTES = new Key("audio.max-bytes", String.valueOf(256L * 1024 * 1024),
            "largest input");
    public static final Key AUDIO_MAX_DURATION_MS = new Key("audio.max-duration-ms", String.valueOf(4L * 3600 * 1000),
            "longest input");
    public static final Key AUDIO_MAX_STREAMED_DURATION_MS = new Key("audio.max-streamed-duration-ms",
            String.valueOf(4L * 3600 * 1000), "longest input read as a stream (a long WAV or FLAC job being split);"
            + " its bytes are never held, so audio.max-bytes does not apply to it");
    public static final Key AUDIO_ACCEPT_TRUNCATED = new Key("audio.accept-truncated", "false",
            "transcribe audio shorter than its header declares (result flagged truncated) instead of TRUNCATED_AUDIO");
    public static final Key METRICS_PORT = new Key("metrics.port", "0", "port of /metrics and the health endpoints");
    public static final Key METRICS_TENANT_TAGS = new Key("metrics.tenant-tags", "false",
            "per-tenant meters (a tag per tenant: opt in only with a known, small set of tenants)");

    public static final List<Key> ALL = List.of(PROVIDER, BOOTSTRAP, GROUP_ID, CONNECT_TIMEOUT_MS, MAX_MESSAGE_BYTES, TOPIC_SMALL,
            TOPIC_MEDIUM, TOPIC_LARGE, TOPIC_RESULTS, TOPIC_DEAD_LETTERS, MEDIUM_FROM_MS, LARGE_FROM_MS,
            MEDIUM_FROM_BYTES, LARGE_FROM_BYTES, SMALL_RESERVED_SLOTS, WORKER_ID, GROUP_INSTANCE_ID, MAX_ATTEMPTS,
            RETRY_BACKOFF_MS, RETRY_BACKOFF_MAX_MS, BREAKER_FAILURES, BREAKER_OPEN_MS, SHUTDOWN_GRACE_MS,
            REVOKE_GRACE_MS, COMMIT_INTERVAL_MS, EXACTLY_ONCE, REFERENCE_ROOTS, BROKER_TIMEOUT_MS, SEND_TIMEOUT_MS,
            PUBLISH_ATTEMPTS, MAX_QUEUED_PER_PARTITION, AUDIO_MAX_BYTES, AUDIO_MAX_DURATION_MS,
            AUDIO_MAX_STREAMED_DURATION_MS, AUDIO_ACCEPT_TRUNCATED, METRICS_PORT,
            LANE_AGING_MS,
            TENANT_FAIRNESS, TENANT_MAX_IN_FLIGHT, METRICS_TENANT_TAGS, MAX_QUEUED_BYTES_PER_PARTITION);

    /** Prefix of Kafka client settings passed through to every client (e.g. kafka.client.security.protocol). */
    public static final String KAFKA_CLIENT_PREFIX = "kafka.client.";

    /** {@code lanes.NAME.provider}: the provider a lane's jobs use when they name none. */
    public static String laneProvider(String lane) {
        return "lanes." + lane + ".provider";
    }

    private ConfigKeys() {
    }
}
