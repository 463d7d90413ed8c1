package io.asrhub.provider.whisper;

import io.asrhub.config.Definition;
import io.asrhub.config.ProviderConfig;
import io.asrhub.config.Rule;
import io.asrhub.errors.AsrException;

import java.util.List;

/**
 * Engine options read from {@code providers.NAME.*} of a whisper section; docs/configuration.md
 * documents each.
 *
 * @param fittedWindow encode only as much of whisper's 30 s window as the audio fills (off by
 *                     default: faster for short clips, accuracy not yet checked on a real model)
 */
record WhisperOptions(int threads, String language, boolean translate, int beamSize, boolean fittedWindow) {
    static final Definition<String> MODEL = Definition.string("model", null, "ggml model file")
            .documentedDefault("search order");
    static final Definition<String> LANGUAGE = Definition.string("language", null,
            "spoken language (default: en for .en models, else auto)")
            .documentedDefault("`en` for `.en` models, else `auto`");
    static final Definition<Boolean> TRANSLATE = Definition.bool("translate", false, "translate to English");
    static final Definition<Integer> BEAM_SIZE = Definition.integer("beam-size", 1, "beam search width (1: greedy)")
            .check(Rule.atLeast(1)).documentedDefault("`1` (greedy)");
    static final Definition<Boolean> FITTED_WINDOW = Definition.bool("fitted-window", false,
            "encode only as much of the 30 s window as the audio fills");
    static final List<Definition<?>> DEFINITIONS = List.of(MODEL, LANGUAGE, TRANSLATE, BEAM_SIZE, FITTED_WINDOW);

    static WhisperOptions from(ProviderConfig config, boolean multilingual) throws AsrException {
        String language = config.find(LANGUAGE).orElse(multilingual ? "auto" : "en");
        return new WhisperOptions(config.threadsPerInstance(), language, config.get(TRANSLATE),
                config.get(BEAM_SIZE), config.get(FITTED_WINDOW));
    }
}
