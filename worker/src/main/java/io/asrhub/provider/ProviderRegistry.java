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
        ProviderFactory factory = factories.get(config.engine());
        if (factory == null) {
            throw new AsrException(ErrorCode.CONFIG_INVALID,
                    "unknown provider engine '" + config.engine() + "'; available: " + factories.keySet());
        }
        return factory.open(config);
    }
}
