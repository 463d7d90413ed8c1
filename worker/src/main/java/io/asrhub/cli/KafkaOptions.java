package io.asrhub.cli;

import io.asrhub.config.Settings;
import io.asrhub.errors.AsrException;
import io.asrhub.kafka.WorkerSettings;
import picocli.CommandLine.Option;

/** {@code --bootstrap} for commands that talk to an existing cluster. */
final class KafkaOptions {
    @Option(names = {"--bootstrap", "-b"}, paramLabel = "HOST:PORT",
            description = "Kafka bootstrap servers (default: kafka.bootstrap-servers from config/env, else localhost:9092)")
    String bootstrap;

    /** Settings from an optional file plus ASR_HUB_* environment overrides of the Kafka keys. */
    static Settings fileAndEnvironment(java.nio.file.Path config) throws AsrException {
        java.util.List<String> keys = new java.util.ArrayList<>(WorkerSettings.knownKeys());
        keys.addAll(java.util.List.of("audio.max-bytes", "audio.max-duration-ms"));
        return Settings.load(config).withEnvironment(System.getenv(), keys);
    }

    WorkerSettings workerSettings(Settings settings) throws AsrException {
        WorkerSettings ws = WorkerSettings.read(settings);
        return bootstrap == null ? ws : ws.withBootstrap(bootstrap);
    }
}
