package io.asrhub.share;

import io.asrhub.config.Settings;
import io.asrhub.errors.AsrException;
import io.asrhub.errors.ErrorCode;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ShareSettingsTest {
    @Test
    void consumerModeIsTheDefault() throws Exception {
        assertEquals(GroupType.CONSUMER, ShareSettings.read(Settings.of(Map.of())).groupType());
    }

    @Test
    void shareModeReadsLockAndDeliveryLimit() throws Exception {
        ShareSettings s = ShareSettings.read(Settings.of(Map.of("worker.group-type", "share",
                "share.record-lock-ms", "45000", "share.delivery-limit", "4")));
        assertEquals(GroupType.SHARE, s.groupType());
        assertEquals(Duration.ofSeconds(45), s.recordLock());
        assertEquals(4, s.deliveryLimit());
    }

    @Test
    void exactlyOnceWithShareModeIsRefusedWithAReason() {
        AsrException e = assertThrows(AsrException.class, () -> ShareSettings.read(Settings.of(Map.of(
                "worker.group-type", "share", "worker.exactly-once", "true"))));
        assertEquals(ErrorCode.CONFIG_INVALID, e.code());
        assertTrue(e.getMessage().contains("at-least-once"), e.getMessage());
    }

    @Test
    void exactlyOnceStaysAvailableInConsumerMode() throws Exception {
        assertEquals(GroupType.CONSUMER, ShareSettings.read(Settings.of(Map.of(
                "worker.group-type", "consumer", "worker.exactly-once", "true"))).groupType());
    }

    @Test
    void unknownGroupTypeIsAConfigError() {
        AsrException e = assertThrows(AsrException.class, () -> ShareSettings.read(Settings.of(Map.of(
                "worker.group-type", "queue"))));
        assertEquals(ErrorCode.CONFIG_INVALID, e.code());
    }

    @Test
    void deliveryLimitBelowTheBrokerFloorIsRefused() {
        assertThrows(AsrException.class, () -> ShareSettings.read(Settings.of(Map.of(
                "worker.group-type", "share", "share.delivery-limit", "1"))));
    }
}
