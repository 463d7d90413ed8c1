package io.asrhub.topics;

import java.util.Map;

/** What the cluster has for a topic: partitions, replication factor, and the effective value of its configs. */
public record ExistingTopic(int partitions, int replication, Map<String, String> configs) {
}
