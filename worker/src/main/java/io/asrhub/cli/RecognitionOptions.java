package io.asrhub.cli;

import io.asrhub.config.ProviderConfig;
import io.asrhub.config.ProviderSettings;
import io.asrhub.config.Settings;
import io.asrhub.errors.AsrException;
import io.asrhub.model.ModelLocator;
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

    Settings settings() throws AsrException {
        Settings base = Settings.load(config);
        String name = providerName(base);
        Settings s = ConfigFiles.withEnvironment(base, ProviderSettings.knownKeys(name));
        String p = "providers." + name + ".";
        if (model != null) {
            s = s.with(p + "model", model.toString());
        }
        if (pool != null) {
            s = s.with(p + "pool.max", pool.toString()).with(p + "pool.min", pool.toString());
        }
        if (threads != null) {
            s = s.with(p + "threads", threads.toString());
        }
        if (language != null) {
            s = s.with(p + "language", language);
        }
        return s;
    }

    String providerName(Settings fileSettings) {
        if (provider != null) {
            return provider;
        }
        String fromEnv = System.getenv(Settings.envName("provider"));
        return fromEnv != null ? fromEnv : fileSettings.get("provider", "whisper");
    }

    /** The provider config with the whisper model resolved; fails with MODEL_MISSING instructions. */
    ProviderConfig providerConfig(Settings settings) throws AsrException {
        String name = providerName(settings);
        ProviderConfig config = ProviderSettings.read(settings, name);
        return RecognitionRuntime.resolveModel(config, new ModelLocator());
    }
}
