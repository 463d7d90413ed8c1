package io.asrhub.kafka;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.util.HashMap;
import java.util.Map;

/** Client configuration in one place: the delivery guarantees depend on these settings. */
public final class KafkaClients {
    private KafkaClients() {
    }

    public static KafkaConsumer<String, byte[]> laneConsumer(WorkerSettings s, int maxPollRecords) {
        Map<String, Object> c = new HashMap<>();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, s.bootstrapServers());
        c.put(ConsumerConfig.GROUP_ID_CONFIG, s.groupId());
        c.put(ConsumerConfig.CLIENT_ID_CONFIG, "asr-hub-" + s.workerId() + "-consumer");
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        c.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, CooperativeStickyAssignor.class.getName());
        c.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, maxPollRecords);
        c.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, s.maxMessageBytes());
        c.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, Math.max(s.maxMessageBytes(), 52_428_800));
        c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        if (s.groupInstanceId() != null) {
            // Static membership: a restarted worker (same id) takes its partitions back without a rebalance.
            c.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, s.groupInstanceId());
        }
        c.putAll(overridesFor(s, ConsumerConfig.configNames()));
        return new KafkaConsumer<>(c, new StringDeserializer(), s.records().workerValueDeserializer());
    }

    public static KafkaProducer<String, byte[]> producer(WorkerSettings s, String transactionalId) {
        return producer(s, transactionalId, "producer");
    }

    /** {@code role} names the client ({@code asr-hub-<worker>-<role>}) when a worker has more than one producer. */
    public static KafkaProducer<String, byte[]> producer(WorkerSettings s, String transactionalId, String role) {
        Map<String, Object> c = new HashMap<>();
        c.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, s.bootstrapServers());
        // Distinct ids per client: their metrics (and KafkaClientMetrics' meters) must not collide.
        c.put(ProducerConfig.CLIENT_ID_CONFIG, "asr-hub-" + s.workerId() + "-" + role);
        c.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        c.put(ProducerConfig.ACKS_CONFIG, "all");
        // Headroom: a dead letter carries the whole original record plus error metadata.
        c.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, s.maxMessageBytes() + 1024 * 1024);
        c.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        // send() runs on the poll thread: never let it block longer than this (metadata, full buffer).
        c.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) Math.max(1, s.sendTimeout().toMillis()));
        if (transactionalId != null) {
            c.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
        }
        c.putAll(overridesFor(s, ProducerConfig.configNames()));
        return new KafkaProducer<>(c, new StringSerializer(), s.records().valueSerializer());
    }

    /** A short-lived admin client with the same connection and security settings as the workers. */
    public static org.apache.kafka.clients.admin.Admin admin(WorkerSettings s) {
        return org.apache.kafka.clients.admin.Admin.create(adminConfig(s));
    }

    /** Admin client settings: connection, client id and {@code kafka.client.*} (security) overrides. */
    public static Map<String, Object> adminConfig(WorkerSettings s) {
        Map<String, Object> c = new HashMap<>();
        c.put(org.apache.kafka.clients.admin.AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, s.bootstrapServers());
        c.put(org.apache.kafka.clients.admin.AdminClientConfig.CLIENT_ID_CONFIG, "asr-hub-admin-" + s.workerId());
        c.putAll(overridesFor(s, org.apache.kafka.clients.admin.AdminClientConfig.configNames()));
        return c;
    }

    /** Consumer settings for reading results (no group): the same connection and security settings. */
    public static Map<String, Object> readerConfig(WorkerSettings s) {
        Map<String, Object> c = new HashMap<>();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, s.bootstrapServers());
        c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        c.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 64 * 1024 * 1024);
        c.putAll(overridesFor(s, ConsumerConfig.configNames()));
        return c;
    }

    /** {@code kafka.client.*} settings for a Kafka Streams application (the router). */
    public static Map<String, String> streamsOverrides(WorkerSettings s) {
        java.util.Set<String> names = new java.util.HashSet<>(org.apache.kafka.streams.StreamsConfig.configDef().names());
        names.addAll(ConsumerConfig.configNames());
        names.addAll(ProducerConfig.configNames());
        return overridesFor(s, names);
    }

    /** Every setting name a Kafka client understands: what {@code kafka.client.*} may contain. */
    public static java.util.Set<String> clientSettingNames() {
        java.util.Set<String> names = new java.util.TreeSet<>(ConsumerConfig.configNames());
        names.addAll(ProducerConfig.configNames());
        names.addAll(org.apache.kafka.clients.admin.AdminClientConfig.configNames());
        names.addAll(org.apache.kafka.streams.StreamsConfig.configDef().names());
        return names;
    }

    /** {@code kafka.client.*} settings that this kind of client understands (one list serves both). */
    private static Map<String, String> overridesFor(WorkerSettings s, java.util.Set<String> names) {
        Map<String, String> out = new HashMap<>();
        s.clientOverrides().forEach((k, v) -> {
            if (names.contains(k)) {
                out.put(k, v);
            }
        });
        return out;
    }
}
