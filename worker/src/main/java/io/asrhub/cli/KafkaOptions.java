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

    WorkerSettings workerSettings(Settings settings) throws AsrException {
        return WorkerSettings.read(bootstrap == null ? settings : settings.with("kafka.bootstrap-servers", bootstrap));
    }
}
