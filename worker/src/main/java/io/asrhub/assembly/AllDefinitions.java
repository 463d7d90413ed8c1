package io.asrhub.assembly;

import io.asrhub.config.Definition;
import io.asrhub.config.DefinitionSource;
import io.asrhub.kafka.KafkaClients;
import io.asrhub.pieces.PieceSettings;
import io.asrhub.pieces.PieceTopics;
import io.asrhub.provider.ProviderRegistry;
import io.asrhub.recognition.ChunkingSettings;
import io.asrhub.share.ShareSettings;
import io.asrhub.topics.TopicLayout;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The configuration keys of every part of the worker beyond {@code config.ConfigKeys}: a part with
 * keys of its own defines them next to its reader and is listed here once. Found by
 * {@code config.KnownKeys} through ServiceLoader, so every way of building settings validates them.
 */
public final class AllDefinitions implements DefinitionSource {
    @Override
    public List<Definition<?>> definitions() {
        List<Definition<?>> all = new ArrayList<>();
        all.addAll(ShareSettings.DEFINITIONS);
        all.addAll(TopicLayout.DEFINITIONS);
        all.addAll(PieceTopics.DEFINITIONS);
        all.addAll(PieceSettings.DEFINITIONS);
        all.addAll(ChunkingSettings.DEFINITIONS);
        all.addAll(Workers.DEFINITIONS);
        all.addAll(io.asrhub.logging.LogFormat.DEFINITIONS);
        all.addAll(io.asrhub.records.RecordFormat.DEFINITIONS);
        return all;
    }

    @Override
    public Map<String, List<Definition<?>>> engineOptions() {
        return new ProviderRegistry().options();
    }

    @Override
    public Set<String> kafkaClientSettings() {
        return KafkaClients.clientSettingNames();
    }
}
