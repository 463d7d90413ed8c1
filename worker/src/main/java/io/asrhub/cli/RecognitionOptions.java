package io.asrhub.cli;

import io.asrhub.config.ConfigKeys;
import io.asrhub.config.ProviderConfig;
import io.asrhub.config.ProviderKeys;
import io.asrhub.config.Settings;
import io.asrhub.errors.AsrException;
import io.asrhub.recognition.RecognitionRuntime;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/** Options shared by every command that recognises speech; command line beats env beats file. */
final class RecognitionOptions {
    @Option(names = "--config", paramLabel = "FILE", description = "YAML or properties file")
    Path config;

    @Option(names = "--provider", paramLabel = "NAME", description = "provider section to use (default: whisper)")
    String provider;

    @Option(names = "--model", paramLabel = "PATH", description = "whisper ggml model file")
    Path model;

    @Option(names = "--pool", paramLabel = "N", description = "recognizer pool size (max concurrent recognitions)")
    Integer pool;

    @Option(names = "--threads", paramLabel = "N", description = "CPU threads per recognizer instance")
    Integer threads;

    @Option(names = "--language", paramLabel = "CODE", description = "spoken language, e.g. en (default: model's)")
    String language;

    /** File + environment, then this command line's options applied to the chosen provider's section. */
    Settings settings() throws AsrException {
        Settings s = ConfigFiles.load(config);
        if (provider != null) {
            s = s.with(ConfigKeys.PROVIDER, provider);
        }
        String name = providerName(s);
        if (model != null) {
            s = s.with(ProviderKeys.in(name, ProviderKeys.MODEL), model);
        }
        if (pool != null) {
            s = s.with(ProviderKeys.in(name, ProviderKeys.POOL_MAX), pool)
                    .with(ProviderKeys.in(name, ProviderKeys.POOL_MIN), pool);
        }
        if (threads != null) {
            s = s.with(ProviderKeys.in(name, ProviderKeys.THREADS), threads);
        }
        if (language != null) {
            s = s.with(ProviderKeys.PREFIX + name + ".language", language); // each engine defines its own language option
        }
        return s;
    }

    String providerName(Settings settings) throws AsrException {
        return settings.get(ConfigKeys.PROVIDER);
    }

    /** The chosen provider's config, completed by its engine; fails with MODEL_MISSING instructions. */
    ProviderConfig providerConfig(Settings settings) throws AsrException {
        return RecognitionRuntime.providerConfig(settings, providerName(settings));
    }
}
