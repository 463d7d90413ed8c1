package io.asrhub.config;

import io.asrhub.errors.AsrException;
import io.asrhub.errors.ErrorCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SettingsTest {
    private static final String YAML = """
            kafka:
              bootstrap-servers: localhost:9092
              topics:
                requests: asr.requests
            providers:
              whisper:
                engine: whisper
                threads: 3
                model: /models/ggml-base.en.bin
                language: en
                translate: false
                pool:
                  min: 1
                  max: 4
                  acquire-timeout-ms: 1500
                  idle-timeout-ms: 60000
                  health-check-interval-ms: 250
                  warm-up: false
              remote:
                engine: openai-http
                base-url: http://localhost:8080/v1
                pool:
                  max: 3
            """;

    @TempDir
    Path dir;

    private Path write(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text);
    }

    @Test
    void yamlNestedMapsFlattenToDottedKeys() throws Exception {
        Settings s = Settings.load(write("asr-hub.yaml", YAML));

        assertEquals("localhost:9092", s.get("kafka.bootstrap-servers", null));
        assertEquals("asr.requests", s.get("kafka.topics.requests", null));
        assertEquals(4, s.getInt("providers.whisper.pool.max", -1));
        assertEquals(1500L, s.getLong("providers.whisper.pool.acquire-timeout-ms", -1));
        assertFalse(s.getBoolean("providers.whisper.translate", true));
        assertNull(s.get("kafka.topics", null), "intermediate maps are not values");
        assertEquals("fallback", s.get("no.such.key", "fallback"));
        assertEquals(7, s.getInt("no.such.key", 7));
        assertEquals(Map.of("bootstrap-servers", "localhost:9092", "topics.requests", "asr.requests"),
                s.subtree("kafka"));
    }

    @Test
    void ymlExtensionAndEmptyYamlAreAccepted() throws Exception {
        assertEquals("b", Settings.load(write("c.yml", "a: b\n")).get("a", null));
        assertTrue(Settings.load(write("empty.yaml", "")).subtree("providers").isEmpty());
        assertTrue(Settings.load(null).subtree("providers").isEmpty());
    }

    @Test
    void propertiesFileIsLoaded() throws Exception {
        Settings s = Settings.load(write("asr-hub.properties", """
                # comment
                providers.whisper.pool.max = 5
                providers.whisper.language=de  \s
                kafka.bootstrap-servers=broker:9092
                """));
        assertEquals(5, s.getInt("providers.whisper.pool.max", -1));
        assertEquals("de", s.get("providers.whisper.language", null), "values are trimmed");
        assertEquals("broker:9092", s.get("kafka.bootstrap-servers", null));
    }

    @Test
    void environmentOverridesFileAndKnownKeys() throws Exception {
        Settings file = Settings.load(write("asr-hub.yaml", YAML));
        Map<String, String> env = Map.of(
                "ASR_HUB_PROVIDERS_WHISPER_POOL_MAX", "8",
                "ASR_HUB_PROVIDERS_WHISPER_BEAM_SIZE", "5", // known key, absent from the file
                "ASR_HUB_KAFKA_BOOTSTRAP_SERVERS", "kafka:29092",
                "ASR_HUB_PROVIDERS_WHISPER_SOMETHING_UNKNOWN", "x");

        Settings s = keys().withEnvironment(file, env, new java.util.ArrayList<>());

        assertEquals(8, s.getInt("providers.whisper.pool.max", -1));
        assertEquals("5", s.get("providers.whisper.beam-size", null));
        assertEquals("kafka:29092", s.get("kafka.bootstrap-servers", null), "any key present in the file");
        assertNull(s.get("providers.whisper.something-unknown", null), "unknown, absent keys are not invented");
        assertEquals(4, file.getInt("providers.whisper.pool.max", -1), "the original is unchanged");
        assertEquals("ASR_HUB_PROVIDERS_WHISPER_POOL_MAX", Settings.envName("providers.whisper.pool.max"));
        assertEquals("ASR_HUB_PROVIDERS_REMOTE_BASE_URL", Settings.envName("providers.remote.base-url"));
    }

    @Test
    void invalidYamlIsConfigInvalid() throws Exception {
        Path bad = write("bad.yaml", "providers:\n  whisper: [unclosed\n    pool: {max: 2\n");
        AsrException e = assertThrows(AsrException.class, () -> Settings.load(bad));
        assertEquals(ErrorCode.CONFIG_INVALID, e.code());
        assertTrue(e.getMessage().contains("bad.yaml"), e.getMessage());

        Path list = write("list.yaml", "- a\n- b\n");
        assertEquals(ErrorCode.CONFIG_INVALID, assertThrows(AsrException.class, () -> Settings.load(list)).code());

        Path missing = dir.resolve("missing.yaml");
        assertEquals(ErrorCode.CONFIG_INVALID, assertThrows(AsrException.class, () -> Settings.load(missing)).code());
    }

    @Test
    void nonNumericIntIsConfigInvalidNamingTheKey() {
        Settings s = Settings.of(Map.of("providers.whisper.pool.max", "abc", "flag", "yes"));
        AsrException e = assertThrows(AsrException.class, () -> s.getInt("providers.whisper.pool.max", 2));
        assertEquals(ErrorCode.CONFIG_INVALID, e.code());
        assertTrue(e.getMessage().contains("providers.whisper.pool.max"), e.getMessage());
        assertTrue(e.getMessage().contains("abc"), e.getMessage());

        AsrException b = assertThrows(AsrException.class, () -> s.getBoolean("flag", false));
        assertEquals(ErrorCode.CONFIG_INVALID, b.code());
        assertTrue(b.getMessage().contains("flag"), b.getMessage());
    }

    @Test
    void intOutOfRangeIsConfigInvalid() {
        Settings s = Settings.of(Map.of("providers.whisper.pool.max", "99999999999"));
        AsrException e = assertThrows(AsrException.class, () -> s.getInt("providers.whisper.pool.max", 2));
        assertEquals(ErrorCode.CONFIG_INVALID, e.code());
        assertTrue(e.getMessage().contains("providers.whisper.pool.max"), e.getMessage());
    }

    @Test
    void providerSettingsBuildPoolAndOptions() throws Exception {
        Settings s = Settings.load(write("asr-hub.yaml", YAML));

        ProviderConfig whisper = ProviderSettings.read(s, "whisper");
        assertEquals("whisper", whisper.engine());
        assertEquals(3, whisper.threadsPerInstance());
        assertEquals(Path.of("/models/ggml-base.en.bin"), whisper.modelPath());
        PoolOptions pool = whisper.pool();
        assertEquals(1, pool.minSize());
        assertEquals(4, pool.maxSize());
        assertEquals(Duration.ofMillis(1500), pool.acquireTimeout());
        assertEquals(Duration.ofMillis(60000), pool.idleTimeout());
        assertEquals(Duration.ofMillis(250), pool.healthCheckInterval());
        assertFalse(pool.warmUp());
        assertEquals(Map.of("language", "en", "translate", "false"), whisper.options(),
                "engine, threads, model and pool.* are not engine options");

        ProviderConfig remote = ProviderSettings.read(s, "remote");
        assertEquals("openai-http", remote.engine());
        assertEquals("http://localhost:8080/v1", remote.option("base-url").orElseThrow());
        assertEquals(Map.of("base-url", "http://localhost:8080/v1"), remote.options());
        assertEquals(3, remote.pool().maxSize());
        assertEquals(3, remote.pool().minSize(), "min defaults to max");
        assertTrue(remote.pool().warmUp());
        assertEquals(Duration.ofMillis(30_000), remote.pool().acquireTimeout());
        assertEquals(null, remote.modelPath());
        assertTrue(remote.threadsPerInstance() >= 1);
    }

    @Test
    void providerSettingsHonourEnvironmentOverrides() throws Exception {
        Settings s = keys().withEnvironment(Settings.load(write("asr-hub.yaml", YAML)),
                Map.of("ASR_HUB_PROVIDERS_WHISPER_POOL_MAX", "6", "ASR_HUB_PROVIDERS_WHISPER_BEAM_SIZE", "5"),
                new java.util.ArrayList<>());
        ProviderConfig whisper = ProviderSettings.read(s, "whisper");
        assertEquals(6, whisper.pool().maxSize());
        assertEquals("5", whisper.option("beam-size").orElseThrow());
    }

    @Test
    void providerWithoutSectionGetsDefaults() throws Exception {
        ProviderConfig c = ProviderSettings.read(Settings.empty(), "whisper");
        assertEquals("whisper", c.engine(), "engine defaults to the provider name");
        int cores = Runtime.getRuntime().availableProcessors();
        assertEquals(Math.max(2, cores), c.pool().maxSize(), "one slot per core, at least 2");
        assertEquals(c.pool().maxSize(), c.pool().minSize());
        assertEquals(1, c.threadsPerInstance(), "one thread per slot");
        assertTrue(c.options().isEmpty());
    }

    @Test
    void minAboveMaxIsConfigInvalid() {
        Settings s = Settings.of(Map.of("providers.whisper.pool.min", "5", "providers.whisper.pool.max", "2"));
        AsrException e = assertThrows(AsrException.class, () -> ProviderSettings.read(s, "whisper"));
        assertEquals(ErrorCode.CONFIG_INVALID, e.code());
        assertTrue(e.getMessage().contains("providers.whisper.pool"), e.getMessage());
    }

    @Test
    void badNumbersAndThreadsInProviderSectionAreConfigInvalid() {
        for (Map<String, String> bad : List.of(
                Map.of("providers.w.pool.max", "0"),
                Map.of("providers.w.pool.acquire-timeout-ms", "-1"),
                Map.of("providers.w.pool.max", "two"),
                Map.of("providers.w.threads", "0"),
                Map.of("providers.w.pool.warm-up", "maybe"))) {
            AsrException e = assertThrows(AsrException.class, () -> ProviderSettings.read(Settings.of(bad), "w"),
                    bad.toString());
            assertEquals(ErrorCode.CONFIG_INVALID, e.code(), bad.toString());
        }
    }

    static KnownKeys keys() {
        return new KnownKeys(Map.of("whisper", java.util.Set.of("model", "language", "translate", "beam-size"),
                "openai-http", java.util.Set.of("base-url", "model", "api-key-env", "timeout-seconds")),
                java.util.Set.of("security.protocol", "sasl.mechanism", "sasl.jaas.config"), java.util.List.of());
    }
}
