package io.asrhub.provider;

import io.asrhub.config.ProviderConfig;
import io.asrhub.errors.AsrException;

/**
 * The engine SPI. Adding an engine means one implementation of this interface, listed in
 * {@code META-INF/services/io.asrhub.provider.ProviderFactory}, plus a {@code providers.NAME}
 * config section; nothing else in asr-hub changes.
 */
public interface ProviderFactory {
    /** The engine name users write in config and on the command line. */
    String name();

    /** Loads shared resources; fails fast (e.g. MODEL_MISSING) so a worker never starts half-ready. */
    Provider open(ProviderConfig config) throws AsrException;

    /**
     * Completes a configuration before anything starts, e.g. finds the model file; fails with a
     * message saying how to fix it. Called by commands before they start brokers or pools.
     */
    default ProviderConfig resolve(ProviderConfig config) throws AsrException {
        return config;
    }

    /**
     * Definitions of the engine's own keys under {@code providers.NAME.} (named by their part after
     * that prefix); any key there that is neither one of these nor a shared provider key is a typo.
     */
    default java.util.List<io.asrhub.config.Definition<?>> options() {
        return java.util.List.of();
    }

    /**
     * Whether new instances run a warm-up recognition by default. Local engines do (it moves lazy
     * allocation out of the first request); remote ones don't, so a backend that is down at start
     * is handled by the worker's circuit breaker instead of failing the start.
     */
    default boolean warmUpByDefault() {
        return true;
    }
}
