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
    void readsEveryKeyFromFileOrEnvironment() throws Exception {
        java.nio.file.Path file = java.nio.file.Files.createTempFile("chunking", ".yaml");
        java.nio.file.Files.writeString(file, "chunking: {max-piece-ms: 20000, enabled: false}\n");
        Settings s = io.asrhub.config.ConfigLoader.load(file,
                Map.of("ASR_HUB_CHUNKING_SEARCH_MS", "3000", "ASR_HUB_CHUNKING_FROM_MS", "60000"), w -> { });
        java.nio.file.Files.delete(file);
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
