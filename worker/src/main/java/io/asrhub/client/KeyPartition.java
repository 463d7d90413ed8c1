package io.asrhub.client;

import org.apache.kafka.common.utils.Utils;

import java.nio.charset.StandardCharsets;

/**
 * The partition Kafka's default partitioner gives a record with this key: murmur2 of the key's
 * bytes as {@code StringSerializer} writes them (UTF-8), made positive, modulo the partition count.
 * Every asr-hub topic is keyed by the job id, so this is where a job's records are, and looking a
 * job up needs to read one partition per topic instead of all of them.
 *
 * <p>Only true while producers use the default partitioner on the key (not a custom
 * {@code partitioner.class}, not {@code partitioner.ignore.keys}) and the topic's partition count
 * has not changed since the record was written.
 */
public final class KeyPartition {
    private KeyPartition() {
    }

    public static int of(String key, int partitionCount) {
        if (partitionCount < 1) {
            throw new IllegalArgumentException("partition count must be >= 1, was " + partitionCount);
        }
        return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % partitionCount;
    }
}
