package io.asrhub.cli;

import io.asrhub.config.ConfigLoader;
import io.asrhub.config.ProviderConfig;
import io.asrhub.config.ProviderSettings;
import io.asrhub.config.Settings;
import io.asrhub.errors.AsrException;
import io.asrhub.errors.ErrorCode;
import io.asrhub.kafka.WorkerSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The configuration every command reads: typos refused with a suggestion, every key settable from the environment. */
class ConfigFilesTest {
    @TempDir
    Path dir;

    private Settings file(String yaml) throws Exception {
        return load(yaml, Map.of(), new ArrayList<>());
    }

    private Settings load(String yaml, Map<String, String> env, List<String> warnings) throws Exception {
        return ConfigLoader.load(Files.writeString(dir.resolve("c.yaml"), yaml), env, warnings::add);
    }

    @Test
    void theShippedExampleIsValid() throws Exception {
        ConfigLoader.load(Path.of("..", "config", "worker.yaml"), Map.of(), w -> { });
    }

    @Test
    void aTypoIsRefusedWithTheNearestValidKey() throws Exception {
        AsrException pool = assertThrows(AsrException.class,
                () -> file(("providers:\n  whisper:\n    pol:\n      max: 2\n")));
        assertEquals(ErrorCode.CONFIG_INVALID, pool.code());
        assertTrue(pool.getMessage().contains("'providers.whisper.pol.max'"), pool.getMessage());
        assertTrue(pool.getMessage().contains("did you mean 'providers.whisper.pool.max'"), pool.getMessage());
        AsrException threads = assertThrows(AsrException.class,
                () -> file(("providers:\n  whisper:\n    treads: 2\n")));
        assertTrue(threads.getMessage().contains("did you mean 'providers.whisper.threads'"), threads.getMessage());
        AsrException worker = assertThrows(AsrException.class, () -> file(("worker:\n  max-atempts: 2\n")));
        assertTrue(worker.getMessage().contains("worker.max-attempts"), worker.getMessage());
        AsrException client = assertThrows(AsrException.class,
                () -> file(("kafka:\n  client:\n    security.protocl: SSL\n")));
        assertTrue(client.getMessage().contains("kafka.client.security.protocol"), client.getMessage());
    }

    @Test
    void engineOptionsAreKnownPerEngine() throws Exception {
        file(("providers:\n  remote:\n    engine: openai-http\n    base-url: http://x/v1\n"));
        AsrException e = assertThrows(AsrException.class,
                () -> file(("providers:\n  remote:\n    engine: openai-http\n    beam-size: 2\n")));
        assertTrue(e.getMessage().contains("providers.remote.beam-size"), e.getMessage());
    }

    @Test
    void kafkaClientSettingsAndEnvironmentOnlyProvidersComeFromTheEnvironment() throws Exception {
        List<String> unknown = new ArrayList<>();
        Settings s = load("provider: whisper\n", Map.of(
                "ASR_HUB_KAFKA_CLIENT_SECURITY_PROTOCOL", "SASL_SSL",
                "ASR_HUB_KAFKA_CLIENT_SASL_MECHANISM", "PLAIN",
                "ASR_HUB_PROVIDERS_OPENAI_HTTP_BASE_URL", "http://backend/v1",
                "ASR_HUB_PROVIDERS_OPENAI_HTTP_POOL_MAX", "3",
                "ASR_HUB_WORKER_BROKER_TIMEOUT_MS", "5000",
                "ASR_HUB_WORKR_ID", "typo",
                "ASR_HUB_MODEL_DIR", "/models"), unknown);
        WorkerSettings ws = WorkerSettings.read(s);
        assertEquals("SASL_SSL", ws.clientOverrides().get("security.protocol"));
        assertEquals("PLAIN", ws.clientOverrides().get("sasl.mechanism"));
        assertEquals(Duration.ofSeconds(5), ws.brokerTimeout());
        assertEquals("http://backend/v1", ProviderSettings.read(s, "openai-http").options().get("base-url"));
        assertEquals(3, ProviderSettings.read(s, "openai-http").pool().maxSize());
        assertEquals(List.of("environment variable ASR_HUB_WORKR_ID matches no configuration key; ignored"), unknown,
                "a variable matching no key is reported");
    }

    @Test
    void theDesignDocumentsPoolKeysLoadAsWritten() throws Exception {
        Settings s = file("""
                providers:
                  whisper:
                    pool:
                      enabled: true
                      min_size: 2
                      max_size: 5
                      timeout: 30
                  openai-http:
                    pool:
                      enabled: false
                      min_size: 1
                      max_size: 3
                      timeout: 60
                """);
        ProviderConfig whisper = ProviderSettings.read(s, "whisper");
        assertEquals(2, whisper.pool().minSize());
        assertEquals(5, whisper.pool().maxSize());
        assertEquals(Duration.ofSeconds(30), whisper.pool().acquireTimeout());
        assertEquals(Duration.ofSeconds(60), ProviderSettings.read(s, "openai-http").pool().acquireTimeout());
        assertTrue(ProviderSettings.enabled(s, "whisper"));
        assertTrue(!ProviderSettings.enabled(s, "openai-http"));
    }
}
