package io.asrhub.cli;

import io.asrhub.config.Settings;
import io.asrhub.errors.AsrException;
import io.asrhub.kafka.BrokerProbe;
import io.asrhub.kafka.KafkaUnreachableException;
import io.asrhub.kafka.WorkerSettings;
import picocli.CommandLine.Option;

/** {@code --bootstrap} for commands that talk to an existing cluster. */
final class KafkaOptions {
    @Option(names = {"--bootstrap", "-b"}, paramLabel = "HOST:PORT",
            description = "Kafka bootstrap servers (default: kafka.bootstrap-servers from config/env, else localhost:9092)")
    String bootstrap;

    /** How long a command waits for the cluster to answer before giving up with one error line. */
    static final String CONNECT_TIMEOUT_KEY = io.asrhub.config.ConfigKeys.CONNECT_TIMEOUT_MS.name();

    WorkerSettings workerSettings(Settings settings) throws AsrException {
        return WorkerSettings.read(bootstrap == null ? settings : settings.with(io.asrhub.config.ConfigKeys.BOOTSTRAP, bootstrap));
    }

    /** The configuration of a command that talks to an existing cluster. */
    record Cluster(Settings settings, WorkerSettings kafka) {
    }

    /**
     * What every such command does first: load the configuration ({@code --config} file, then the
     * {@code ASR_HUB_*} environment), apply {@code --bootstrap}, and fail fast (exit 3) when nobody answers there.
     */
    Cluster connect(java.nio.file.Path configFile) throws AsrException, KafkaUnreachableException, InterruptedException {
        Settings settings = ConfigFiles.load(configFile);
        WorkerSettings ws = workerSettings(settings);
        requireReachable(ws, settings);
        return new Cluster(settings, ws);
    }

    /** Fails fast (exit 3) when nobody answers at the bootstrap address; see {@link BrokerProbe}. */
    static void requireReachable(WorkerSettings ws, Settings settings) throws AsrException, KafkaUnreachableException,
            InterruptedException {
        BrokerProbe.requireReachable(ws, settings.get(io.asrhub.config.ConfigKeys.CONNECT_TIMEOUT_MS));
    }
}
