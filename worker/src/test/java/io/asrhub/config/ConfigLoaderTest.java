package io.asrhub.config;

import io.asrhub.errors.AsrException;
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

/** File, then environment, each value checked against its definition whichever source it came from. */
class ConfigLoaderTest {
    @TempDir
    Path dir;

    private Settings load(String yaml, Map<String, String> env, List<String> warnings) throws Exception {
        return ConfigLoader.load(Files.writeString(dir.resolve("c.yaml"), yaml), env, warnings::add);
    }

    @Test
    void environmentBeatsFileBeatsDefault() throws Exception {
        Settings s = load("worker:\n  max-attempts: 4\n  retry-backoff-ms: 700\n",
                Map.of("ASR_HUB_WORKER_MAX_ATTEMPTS", "6"), new ArrayList<>());
        assertEquals(6, s.get(ConfigKeys.MAX_ATTEMPTS));
        assertEquals(Duration.ofMillis(700), s.get(ConfigKeys.RETRY_BACKOFF_MS));
        assertEquals(Duration.ofSeconds(30), s.get(ConfigKeys.RETRY_BACKOFF_MAX_MS));
    }

    @Test
    void aBadValueFromTheFileOrTheEnvironmentFailsTheStart() {
        AsrException file = assertThrows(AsrException.class,
                () -> load("worker:\n  max-queued-per-partition: 0\n", Map.of(), new ArrayList<>()));
        assertEquals("configuration key 'worker.max-queued-per-partition' has the value '0': must be at least 1",
                file.getMessage());
        AsrException env = assertThrows(AsrException.class,
                () -> load("provider: whisper\n", Map.of("ASR_HUB_SHARE_DELIVERY_LIMIT", "1"), new ArrayList<>()));
        assertEquals("configuration key 'share.delivery-limit' has the value '1': must be at least 2", env.getMessage());
        AsrException provider = assertThrows(AsrException.class, () -> load("provider: whisper\n",
                Map.of("ASR_HUB_PROVIDERS_WHISPER_POOL_UTILIZATION_HIGH_WATER", "80"), new ArrayList<>()));
        assertEquals("configuration key 'providers.whisper.pool.utilization.high-water' has the value '80': "
                + "must be between 0 and 1", provider.getMessage());
    }

    @Test
    void anEngineOptionIsCheckedByItsEnginesDefinition() {
        AsrException e = assertThrows(AsrException.class, () -> load(
                "providers:\n  remote:\n    engine: openai-http\n    base-url: http://x/v1\n    timeout-seconds: 0\n",
                Map.of(), new ArrayList<>()));
        assertEquals("configuration key 'providers.remote.timeout-seconds' has the value '0': must be at least 1",
                e.getMessage());
    }

    @Test
    void anUnknownFileKeyFailsAndAnUnknownVariableWarns() throws Exception {
        AsrException e = assertThrows(AsrException.class,
                () -> load("chunking:\n  max-pice-ms: 20000\n", Map.of(), new ArrayList<>()));
        assertEquals("unknown configuration key 'chunking.max-pice-ms'; did you mean 'chunking.max-piece-ms'?",
                e.getMessage());
        List<String> warnings = new ArrayList<>();
        load("provider: whisper\n", Map.of("ASR_HUB_CHUNKING_MAX_PICE_MS", "1", "ASR_HUB_MODEL_DIR", "/m"), warnings);
        assertEquals(List.of("environment variable ASR_HUB_CHUNKING_MAX_PICE_MS matches no configuration key; "
                + "ignored"), warnings);
    }

    @Test
    void theDesignDocumentsTimeoutIsInSeconds() throws Exception {
        Settings s = load("providers:\n  whisper:\n    pool: {timeout: 45}\n", Map.of(), new ArrayList<>());
        assertEquals(Duration.ofSeconds(45), ProviderSettings.read(s, "whisper").pool().acquireTimeout());
        Settings both = load("providers:\n  whisper:\n    pool: {timeout: 45, acquire-timeout-ms: 100}\n",
                Map.of(), new ArrayList<>());
        assertEquals(Duration.ofMillis(100), ProviderSettings.read(both, "whisper").pool().acquireTimeout(),
                "the key in milliseconds wins");
    }
}
