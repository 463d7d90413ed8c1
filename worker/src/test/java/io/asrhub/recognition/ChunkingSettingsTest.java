package io.asrhub.recognition;

import io.asrhub.config.Settings;
import io.asrhub.errors.AsrException;
import io.asrhub.errors.ErrorCode;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ChunkingSettingsTest {
    @Test
    void defaultsAreWhispersWindowWithFiveSecondSearchFromFortyFiveSeconds() throws AsrException {
        assertEquals(new ChunkingSettings(true, 30_000, 5_000, 45_000), ChunkingSettings.read(Settings.empty()));
    }

    @Test
    void readsEveryKeyFromFileOrEnvironment() throws AsrException {
        Settings file = Settings.of(Map.of("chunking.max-piece-ms", "20000", "chunking.enabled", "false"));
        java.util.List<io.asrhub.config.Key> keys = new java.util.ArrayList<>();
        ChunkingSettings.knownKeys().forEach(k -> keys.add(new io.asrhub.config.Key(k, null, "")));
        Settings s = new io.asrhub.config.KnownKeys(Map.of(), java.util.Set.of(), keys).withEnvironment(file,
                Map.of("ASR_HUB_CHUNKING_SEARCH_MS", "3000", "ASR_HUB_CHUNKING_FROM_MS", "60000"),
                new java.util.ArrayList<>());
        assertEquals(new ChunkingSettings(false, 20_000, 3_000, 60_000), ChunkingSettings.read(s));
    }

    @Test
    void aSearchStretchAsLongAsThePieceIsAConfigError() {
        AsrException e = assertThrows(AsrException.class, () -> ChunkingSettings.read(
                Settings.of(Map.of("chunking.max-piece-ms", "5000", "chunking.search-ms", "5000"))));
        assertEquals(ErrorCode.CONFIG_INVALID, e.code());
        assertTrue(e.getMessage().startsWith("chunking: "), e.getMessage());
    }
}
