package io.asrhub.share;

import io.asrhub.kafka.WorkerSettings;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaShareConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/** The share consumer's configuration: the worker's capacity and acknowledgement rules depend on it. */
public final class ShareClients {
    /** Consumer-group settings a share consumer rejects; a shared kafka.client.* section may carry them. */
    private static final Set<String> NOT_FOR_SHARE = Set.of(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
            ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, ConsumerConfig.AUTO_COMMIT_INTERVAL_MS_CONFIG,
            ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, ConsumerConfig.ISOLATION_LEVEL_CONFIG,
            ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG,
            ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, ConsumerConfig.GROUP_PROTOCOL_CONFIG,
            ConsumerConfig.GROUP_REMOTE_ASSIGNOR_CONFIG);

    private ShareClients() {
    }

    /**
     * Explicit acknowledgement, and {@code record_limit} acquisition so a poll acquires at most
     * {@code maxRecords} (the slots its lane may use) and nothing is prefetched: no record waits
     * locked in a buffer while another worker could run it.
     */
    public static KafkaShareConsumer<String, byte[]> consumer(WorkerSettings s, String groupId, int maxRecords) {
        return consumer(s, groupId, maxRecords, "");
    }

    /** {@code clientSuffix} tells apart several consumers of one group in one worker (client ids, meters). */
    public static KafkaShareConsumer<String, byte[]> consumer(WorkerSettings s, String groupId, int maxRecords,
                                                              String clientSuffix) {
        Map<String, Object> c = new HashMap<>();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, s.bootstrapServers());
        c.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        c.put(ConsumerConfig.CLIENT_ID_CONFIG, "asr-hub-" + groupId + "-" + s.workerId() + clientSuffix);
        c.put(ConsumerConfig.SHARE_ACKNOWLEDGEMENT_MODE_CONFIG, "explicit");
        c.put(ConsumerConfig.SHARE_ACQUIRE_MODE_CONFIG, "record_limit");
        c.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, maxRecords);
        c.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, s.maxMessageBytes());
        c.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, Math.max(s.maxMessageBytes(), 52_428_800));
        Set<String> names = ConsumerConfig.configNames();
        s.clientOverrides().forEach((k, v) -> {
            if (names.contains(k) && !NOT_FOR_SHARE.contains(k)) {
                c.put(k, v);
            }
        });
        return new KafkaShareConsumer<>(c, new StringDeserializer(), s.records().workerValueDeserializer());
    }
}
