package io.asrhub.cli;

import io.asrhub.config.Settings;
import io.asrhub.errors.AsrException;
import io.asrhub.kafka.WorkerSettings;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One way for every command to read configuration: the optional file, then ASR_HUB_* environment
 * overrides. An environment variable name cannot be mapped back to its dotted key, so the keys a
 * command understands are listed here.
 */
final class ConfigFiles {
    private ConfigFiles() {
    }

    static Settings load(Path config) throws AsrException {
        return withEnvironment(Settings.load(config), List.of());
    }

    /** Environment overrides for the shared keys plus {@code extraKeys} (e.g. one provider's section). */
    static Settings withEnvironment(Settings file, List<String> extraKeys) {
        List<String> keys = new ArrayList<>(WorkerSettings.knownKeys());
        keys.addAll(List.of("provider", "audio.max-bytes", "audio.max-duration-ms", KafkaOptions.CONNECT_TIMEOUT_KEY));
        keys.addAll(extraKeys);
        return file.withEnvironment(System.getenv(), keys);
    }
}
