package io.asrhub.records;

import io.asrhub.config.Settings;
import io.asrhub.errors.AsrException;
import io.asrhub.errors.ErrorCode;
import io.asrhub.records.registry.RegistryValueSerializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** records.format and records.registry.url: defaults, the registry mode, and refused combinations. */
class RecordFormatTest {
    @Test
    void singleObjectIsTheDefaultAndWritesValuesAsTheyAre() throws Exception {
        RecordFormat f = RecordFormat.read(Settings.of(Map.of()));
        assertEquals(RecordFormat.Written.SINGLE_OBJECT, f.written());
        assertInstanceOf(ByteArraySerializer.class, f.valueSerializer());
    }

    @Test
    void registryModeRewritesWhatItWrites() throws Exception {
        RecordFormat f = RecordFormat.read(Settings.of(Map.of("records.format", "registry",
                "records.registry.url", "http://localhost:8080/apis/ccompat/v7")));
        assertEquals(RecordFormat.Written.REGISTRY, f.written());
        assertInstanceOf(RegistryValueSerializer.class, f.valueSerializer());
    }

    @Test
    void registryModeWithoutAnAddressOrWithABadOneIsRefused() {
        AsrException noUrl = assertThrows(AsrException.class,
                () -> RecordFormat.read(Settings.of(Map.of("records.format", "registry"))));
        assertEquals(ErrorCode.CONFIG_INVALID, noUrl.code());
        assertTrue(noUrl.getMessage().contains("records.registry.url"), noUrl.getMessage());
        AsrException badUrl = assertThrows(AsrException.class, () -> RecordFormat.read(Settings.of(Map.of(
                "records.format", "registry", "records.registry.url", "registry:8080"))));
        assertEquals(ErrorCode.CONFIG_INVALID, badUrl.code());
        AsrException badFormat = assertThrows(AsrException.class,
                () -> RecordFormat.read(Settings.of(Map.of("records.format", "confluent"))));
        assertEquals(ErrorCode.CONFIG_INVALID, badFormat.code());
        assertEquals("configuration key 'records.format' has the value 'confluent': must be one of single-object, "
                + "registry", badFormat.getMessage());
    }
}
