package io.asrhub.config;


import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Settings for one engine: its pool, threads per instance, model and free-form engine options
 * (language, translate, beam-size, base-url, ...). Options are strings so a new engine can define
 * its own without a change here.
 */
public record ProviderConfig(String engine, PoolOptions pool, int threadsPerInstance, Path modelPath,
                             Map<String, String> options) {
    public ProviderConfig {
        options = Map.copyOf(options);
        if (threadsPerInstance < 1) {
            throw new IllegalArgumentException("threads per instance must be >= 1");
        }
    }

    public Optional<String> option(String key) {
        return Optional.ofNullable(options.get(key)).filter(s -> !s.isBlank());
    }

    public int intOption(String key, int fallback) {
        return option(key).map(Integer::parseInt).orElse(fallback);
    }

    public boolean boolOption(String key, boolean fallback) {
        return option(key).map(Boolean::parseBoolean).orElse(fallback);
    }

    public ProviderConfig withPool(PoolOptions newPool) {
        return new ProviderConfig(engine, newPool, threadsPerInstance, modelPath, options);
    }

    public ProviderConfig withModelPath(Path newModel) {
        return new ProviderConfig(engine, pool, threadsPerInstance, newModel, options);
    }
}
