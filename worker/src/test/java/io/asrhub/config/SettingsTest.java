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
              client:
                security.protocol: PLAINTEXT
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

    private Settings load(Path file) throws AsrException {
        return ConfigLoader.load(file, Map.of(), w -> { });
    }

    @Test
    void yamlNestedMapsFlattenToDottedKeys() throws Exception {
        Map<String, String> flat = SettingsFile.read(write("asr-hub.yaml", YAML));

        assertEquals("localhost:9092", flat.get("kafka.bootstrap-servers"));
        assertEquals("PLAINTEXT", flat.get("kafka.client.security.protocol"));
        assertEquals("4", flat.get("providers.whisper.pool.max"));
        assertFalse(flat.containsKey("kafka.client"), "intermediate maps are not values");
        Settings s = load(write("asr-hub.yaml", YAML));
        assertEquals("localhost:9092", s.get(ConfigKeys.BOOTSTRAP));
        assertEquals(Map.of("security.protocol", "PLAINTEXT"), s.kafkaClientSettings());
        assertEquals(4, s.get(ProviderKeys.in("whisper", ProviderKeys.POOL_MAX)));
        assertEquals(Duration.ofMillis(1500), s.get(ProviderKeys.in("whisper", ProviderKeys.ACQUIRE_TIMEOUT_MS)));
        assertEquals("asr-hub-workers", s.get(ConfigKeys.GROUP_ID), "an absent key reads as its default");
        assertTrue(s.find(ConfigKeys.GROUP_ID).isEmpty(), "find gives only what is set");
    }

    @Test
    void ymlExtensionAndEmptyYamlAreAccepted() throws Exception {
        assertEquals(Map.of("a", "b"), SettingsFile.read(write("c.yml", "a: b\n")));
        assertTrue(SettingsFile.read(write("empty.yaml", "")).isEmpty());
        assertTrue(SettingsFile.read(null).isEmpty());
        assertTrue(load(null).keys().isEmpty());
    }

    @Test
    void propertiesFileIsLoaded() throws Exception {
        Settings s = load(write("asr-hub.properties", """
                # comment
                providers.whisper.pool.max = 5
                providers.whisper.language=de  \s
                kafka.bootstrap-servers=broker:9092
                """));
        assertEquals(5, s.get(ProviderKeys.in("whisper", ProviderKeys.POOL_MAX)));
        assertEquals("de", s.raw("providers.whisper.language"), "values are trimmed");
        assertEquals("broker:9092", s.get(ConfigKeys.BOOTSTRAP));
    }

    @Test
    void environmentOverridesFileAndKnownKeys() throws Exception {
        Settings file = Settings.unchecked(SettingsFile.read(write("asr-hub.yaml", YAML)));
        Map<String, String> env = Map.of(
                "ASR_HUB_PROVIDERS_WHISPER_POOL_MAX", "8",
                "ASR_HUB_PROVIDERS_WHISPER_BEAM_SIZE", "5", // known key, absent from the file
                "ASR_HUB_KAFKA_BOOTSTRAP_SERVERS", "kafka:29092",
                "ASR_HUB_PROVIDERS_WHISPER_SOMETHING_UNKNOWN", "x");

        Settings s = keys().withEnvironment(file, env, new java.util.ArrayList<>());

        assertEquals("8", s.raw("providers.whisper.pool.max"));
        assertEquals("5", s.raw("providers.whisper.beam-size"));
        assertEquals("kafka:29092", s.raw("kafka.bootstrap-servers"), "any key present in the file");
        assertNull(s.raw("providers.whisper.something-unknown"), "unknown, absent keys are not invented");
        assertEquals("4", file.raw("providers.whisper.pool.max"), "the original is unchanged");
        assertEquals("ASR_HUB_PROVIDERS_WHISPER_POOL_MAX", Settings.envName("providers.whisper.pool.max"));
        assertEquals("ASR_HUB_PROVIDERS_REMOTE_BASE_URL", Settings.envName("providers.remote.base-url"));
    }

    @Test
    void invalidYamlIsConfigInvalid() throws Exception {
        Path bad = write("bad.yaml", "providers:\n  whisper: [unclosed\n    pool: {max: 2\n");
        AsrException e = assertThrows(AsrException.class, () -> load(bad));
        assertEquals(ErrorCode.CONFIG_INVALID, e.code());
        assertTrue(e.getMessage().contains("bad.yaml"), e.getMessage());

        Path list = write("list.yaml", "- a\n- b\n");
        assertEquals(ErrorCode.CONFIG_INVALID, assertThrows(AsrException.class, () -> load(list)).code());

        Path missing = dir.resolve("missing.yaml");
        assertEquals(ErrorCode.CONFIG_INVALID, assertThrows(AsrException.class, () -> load(missing)).code());
    }

    @Test
    void aBadValueIsRefusedWhenTheSettingsAreMadeNamingKeyValueAndRule() {
        AsrException e = assertThrows(AsrException.class,
                () -> Settings.of(Map.of("providers.whisper.pool.max", "abc")));
        assertEquals(ErrorCode.CONFIG_INVALID, e.code());
        assertEquals("configuration key 'providers.whisper.pool.max' has the value 'abc': must be a whole number "
                + "between -2147483648 and 2147483647", e.getMessage());

        AsrException b = assertThrows(AsrException.class, () -> Settings.of(Map.of("worker.exactly-once", "yes")));
        assertEquals("configuration key 'worker.exactly-once' has the value 'yes': must be true or false",
                b.getMessage());
        AsrException range = assertThrows(AsrException.class,
                () -> Settings.of(Map.of("providers.whisper.pool.max", "99999999999")));
        assertTrue(range.getMessage().contains("providers.whisper.pool.max"), range.getMessage());
        AsrException rule = assertThrows(AsrException.class,
                () -> Settings.empty().with(ConfigKeys.MAX_QUEUED_PER_PARTITION, 0));
        assertEquals("configuration key 'worker.max-queued-per-partition' has the value '0': must be at least 1",
                rule.getMessage());
    }

    @Test
    void anUnknownKeyInAMapIsRefusedLikeOneInAFile() {
        AsrException e = assertThrows(AsrException.class, () -> Settings.of(Map.of("worker.max-atempts", "2")));
        assertEquals("unknown configuration key 'worker.max-atempts'; did you mean 'worker.max-attempts'?",
                e.getMessage());
    }

    @Test
    void providerSettingsBuildPoolAndOptions() throws Exception {
        Settings s = load(write("asr-hub.yaml", YAML));

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
        assertEquals("http://localhost:8080/v1", remote.options().get("base-url"));
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
        Settings s = ConfigLoader.load(write("asr-hub.yaml", YAML),
                Map.of("ASR_HUB_PROVIDERS_WHISPER_POOL_MAX", "6", "ASR_HUB_PROVIDERS_WHISPER_BEAM_SIZE", "5"), w -> { });
        ProviderConfig whisper = ProviderSettings.read(s, "whisper");
        assertEquals(6, whisper.pool().maxSize());
        assertEquals("5", whisper.options().get("beam-size"));
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
    void minAboveMaxIsConfigInvalid() throws AsrException {
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
            AsrException e = assertThrows(AsrException.class, () -> Settings.of(bad), bad.toString());
            assertEquals(ErrorCode.CONFIG_INVALID, e.code(), bad.toString());
        }
    }

    static KnownKeys keys() {
        return new KnownKeys(ConfigKeys.DEFINITIONS, Map.of("whisper", List.of(Definition.string("language", null, ""),
                Definition.string("translate", null, ""), Definition.string("beam-size", null, "")),
                "openai-http", List.of(Definition.string("base-url", null, ""))),
                java.util.Set.of("security.protocol", "sasl.mechanism", "sasl.jaas.config"));
    }
}
