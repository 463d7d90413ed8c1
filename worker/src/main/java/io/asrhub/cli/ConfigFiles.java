package io.asrhub.cli;

import io.asrhub.config.KnownKeys;
import io.asrhub.config.Settings;
import io.asrhub.errors.AsrException;
import io.asrhub.kafka.KafkaClients;
import io.asrhub.provider.ProviderRegistry;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One way for every command to read configuration: the optional file (an unknown key is refused
 * with the nearest valid one), then {@code ASR_HUB_*} environment overrides for any known key,
 * including provider sections and {@code kafka.client.*} settings absent from the file. The
 * {@code logging.*} keys take effect here.
 */
final class ConfigFiles {
    private ConfigFiles() {
    }

    static KnownKeys knownKeys() {
        List<io.asrhub.config.Key> extra = new ArrayList<>(io.asrhub.share.ShareSettings.KEYS);
        extra.addAll(io.asrhub.topics.TopicLayout.KEYS);
        extra.addAll(io.asrhub.assembly.Workers.KEYS);
        extra.addAll(io.asrhub.logging.LogFormat.KEYS);
        extra.addAll(io.asrhub.records.RecordFormat.KEYS);
        List<String> named = new ArrayList<>(io.asrhub.recognition.ChunkingSettings.knownKeys());
        named.addAll(io.asrhub.pieces.PieceTopics.knownKeys());
        named.addAll(io.asrhub.pieces.PieceSettings.knownKeys());
        named.forEach(k -> extra.add(new io.asrhub.config.Key(k, null, "defined in its own settings class")));
        return new KnownKeys(new ProviderRegistry().optionKeys(), KafkaClients.clientSettingNames(), extra);
    }

    static Settings load(Path config) throws AsrException {
        Settings file = Settings.load(config);
        KnownKeys keys = knownKeys();
        keys.validate(file);
        List<String> unknown = new ArrayList<>();
        Settings merged = keys.withEnvironment(file, System.getenv(), unknown);
        io.asrhub.logging.LogFormat.apply(merged); // before the command logs anything of its own
        for (String variable : unknown) {
            StderrLine.print("warning: environment variable " + variable + " matches no configuration key; ignored");
        }
        return merged;
    }
}
