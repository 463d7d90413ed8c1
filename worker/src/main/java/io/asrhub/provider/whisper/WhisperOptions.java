package io.asrhub.provider.whisper;

import io.asrhub.config.ProviderConfig;

/**
 * Engine options read from {@code providers.whisper.*}; see docs/configuration.md.
 *
 * @param fittedWindow encode only as much of whisper's 30 s window as the audio fills (off by
 *                     default: faster for short clips, accuracy not yet checked on a real model)
 */
record WhisperOptions(int threads, String language, boolean translate, int beamSize, boolean fittedWindow) {
    static WhisperOptions from(ProviderConfig config, boolean multilingual) {
        String language = config.option("language").orElse(multilingual ? "auto" : "en");
        return new WhisperOptions(config.threadsPerInstance(), language, config.boolOption("translate", false),
                config.intOption("beam-size", 1), config.boolOption("fitted-window", false));
    }
}
