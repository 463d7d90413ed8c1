package io.asrhub.topics;

import java.util.Map;

/** One topic as asr-hub wants it: name, partitions, replication factor and topic configs. */
public record TopicSpec(String name, int partitions, short replication, Map<String, String> configs) {
}
