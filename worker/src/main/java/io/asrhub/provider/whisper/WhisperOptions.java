package io.asrhub.provider.whisper;

import io.asrhub.config.ProviderConfig;

/** Engine options read from {@code providers.whisper.*}; see docs/configuration.md. */
record WhisperOptions(int threads, String language, boolean translate, int beamSize) {
    static WhisperOptions from(ProviderConfig config, boolean multilingual) {
        String language = config.option("language").orElse(multilingual ? "auto" : "en");
        return new WhisperOptions(config.threadsPerInstance(), language, config.boolOption("translate", false),
                config.intOption("beam-size", 1));
    }
}
