package io.asrhub.provider;

import io.asrhub.config.ProviderConfig;
import io.asrhub.errors.AsrException;
import io.asrhub.errors.ErrorCode;

import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;

/** Finds engines through {@link ServiceLoader}, so new engines plug in without touching this class. */
public final class ProviderRegistry {
    private final Map<String, ProviderFactory> factories = new TreeMap<>();

    public ProviderRegistry() {
        for (ProviderFactory f : ServiceLoader.load(ProviderFactory.class)) {
            factories.put(f.name(), f);
        }
    }

    public java.util.Set<String> names() {
        return factories.keySet();
    }

    public Provider open(ProviderConfig config) throws AsrException {
        ProviderFactory factory = factory(config.engine());
        try {
            return factory.open(config);
        } catch (RuntimeException | LinkageError e) {
            throw new AsrException(ErrorCode.PROVIDER_FAILED, "provider '" + config.engine() + "' unavailable: " + e, e);
        }
    }

    /** Lets the engine complete the configuration (e.g. find its model) before anything starts. */
    public ProviderConfig resolve(ProviderConfig config) throws AsrException {
        return factory(config.engine()).resolve(config);
    }

    public boolean warmUpByDefault(String engine) throws AsrException {
        return factory(engine).warmUpByDefault();
    }

    /** Every engine's option definitions, by engine, for validating {@code providers.NAME.*}. */
    public Map<String, java.util.List<io.asrhub.config.Definition<?>>> options() {
        Map<String, java.util.List<io.asrhub.config.Definition<?>>> out = new TreeMap<>();
        factories.forEach((name, f) -> out.put(name, f.options()));
        return out;
    }

    private ProviderFactory factory(String engine) throws AsrException {
        ProviderFactory factory = factories.get(engine);
        if (factory == null) {
            throw new AsrException(ErrorCode.CONFIG_INVALID,
                    "unknown provider engine '" + engine + "'; available: " + factories.keySet());
        }
        return factory;
    }
}
