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
}
