package io.asrhub.config;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What one part of the program adds to the configuration: its key definitions, engine options and
 * the Kafka client settings passed through under {@code kafka.client.}. Found through
 * {@link java.util.ServiceLoader} ({@code META-INF/services/io.asrhub.config.DefinitionSource}), so
 * {@link Settings#of} and {@link ConfigLoader} validate against every part without this package
 * depending on them.
 */
public interface DefinitionSource {
    /** Fixed keys, by full name. */
    List<Definition<?>> definitions();

    /** Each engine's option keys under {@code providers.NAME.}, by engine name. */
    default Map<String, List<Definition<?>>> engineOptions() {
        return Map.of();
    }

    /** Kafka client setting names accepted under {@code kafka.client.}. */
    default Set<String> kafkaClientSettings() {
        return Set.of();
    }
}
