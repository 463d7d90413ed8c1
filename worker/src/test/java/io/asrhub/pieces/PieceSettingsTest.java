package io.asrhub.pieces;

import io.asrhub.config.Settings;
import io.asrhub.errors.AsrException;
import io.asrhub.errors.ErrorCode;
import io.asrhub.records.Lane;
import org.junit.jupiter.api.Test;

import java.util.EnumSet;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PieceSettingsTest {
    @Test
    void byDefaultTheMediumAndLargeLanesAreSplitWithAnEmbeddedStitcherAndLending() throws Exception {
        PieceSettings s = PieceSettings.read(Settings.empty());
        assertEquals(EnumSet.of(Lane.MEDIUM, Lane.LARGE), s.lanes());
        assertEquals(PieceSettings.DEFAULT.lanes(), s.lanes());
        assertTrue(s.embeddedStitcher());
        assertTrue(s.lendReservedSlot());
        assertEquals(PieceTopics.DEFAULT, s.topics());
        assertEquals(30_000, s.chunking().maxPieceMs());
    }

    @Test
    void lanesAreAListAndNoneOrDisabledChunkingTurnsItOff() throws Exception {
        assertEquals(EnumSet.of(Lane.MEDIUM, Lane.LARGE),
                PieceSettings.read(Settings.of(Map.of("chunking.distributed", "Medium, large"))).lanes());
        PieceSettings none = PieceSettings.read(Settings.of(Map.of("chunking.distributed", "none")));
        assertFalse(none.enabled());
        assertFalse(none.embeddedStitcher(), "nothing to stitch");
        assertFalse(PieceSettings.read(Settings.of(Map.of("chunking.enabled", "false"))).enabled());
    }

    @Test
    void aWrongLaneOrStitcherIsAConfigurationError() {
        AsrException lane = assertThrows(AsrException.class,
                () -> PieceSettings.read(Settings.of(Map.of("chunking.distributed", "huge"))));
        assertEquals(ErrorCode.CONFIG_INVALID, lane.code());
        assertEquals("configuration key 'chunking.distributed' has the value 'huge': each entry must be one of "
                + "small, medium, large, none, false", lane.getMessage());
        AsrException stitcher = assertThrows(AsrException.class,
                () -> PieceSettings.read(Settings.of(Map.of("chunking.stitcher", "external"))));
        assertEquals(ErrorCode.CONFIG_INVALID, stitcher.code());
        assertEquals("configuration key 'chunking.stitcher' has the value 'external': must be one of embedded, none",
                stitcher.getMessage());
    }
}
