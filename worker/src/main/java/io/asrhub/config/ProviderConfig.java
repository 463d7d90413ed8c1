package io.asrhub.config;

import io.asrhub.errors.AsrException;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Settings for one engine: its pool, threads per instance, model and engine options (language,
 * translate, beam-size, base-url, ...). Options are kept as text so a new engine can define its
 * own without a change here; the engine reads each through its {@link Definition}.
 */
public record ProviderConfig(String engine, PoolOptions pool, int threadsPerInstance, Path modelPath,
                             Map<String, String> options) {
    public ProviderConfig {
        options = Map.copyOf(options);
        if (threadsPerInstance < 1) {
            throw new IllegalArgumentException("threads per instance must be >= 1");
        }
    }

    /** The engine option {@code definition} (named by its part after {@code providers.NAME.}), else its default. */
    public <T> T get(Definition<T> definition) throws AsrException {
        return find(definition).orElse(definition.defaultValue());
    }

    /** The engine option {@code definition} when it is set. */
    public <T> Optional<T> find(Definition<T> definition) throws AsrException {
        String v = options.get(definition.name());
        return v == null || v.isBlank() ? Optional.empty() : Optional.of(definition.parse(definition.name(), v));
    }

    public ProviderConfig withPool(PoolOptions newPool) {
        return new ProviderConfig(engine, newPool, threadsPerInstance, modelPath, options);
    }

    public ProviderConfig withModelPath(Path newModel) {
        return new ProviderConfig(engine, pool, threadsPerInstance, newModel, options);
    }
}
