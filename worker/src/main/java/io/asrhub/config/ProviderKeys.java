package io.asrhub.config;

import java.util.List;

/**
 * Keys under {@code providers.NAME.}, shared by every engine (engine-specific options are declared
 * by each engine's factory). The design document's spelling ({@code pool.enabled},
 * {@code min_size}, {@code max_size}, {@code timeout} in seconds) is accepted as well.
 */
public final class ProviderKeys {
    public static final Key ENGINE = new Key("engine", null, "engine (default: the section name)");
    public static final Key THREADS = new Key("threads", null, "CPU threads per instance (default: cores / pool.max)");
    public static final Key FALLBACK = new Key("fallback", null, "provider used while this one's breaker is open");
    public static final Key POOL_ENABLED = new Key("pool.enabled", "true", "false: this section is not started");
    public static final Key POOL_MIN = new Key("pool.min", null, "instances kept warm (default = max)");
    public static final Key POOL_MAX = new Key("pool.max", "2", "pool size = concurrent recognitions");
    public static final Key ACQUIRE_TIMEOUT_MS = new Key("pool.acquire-timeout-ms", "30000",
            "how long a blocking caller (transcribe) waits for a slot");
    public static final Key IDLE_TIMEOUT_MS = new Key("pool.idle-timeout-ms", "300000",
            "idle instances above min are closed after this");
    public static final Key HEALTH_CHECK_MS = new Key("pool.health-check-interval-ms", "30000",
            "how often idle instances are checked");
    public static final Key WARM_UP = new Key("pool.warm-up", null, "warm new start-up instances (engine default)");
    public static final Key DOC_MIN_SIZE = new Key("pool.min_size", null, "design-document spelling of pool.min");
    public static final Key DOC_MAX_SIZE = new Key("pool.max_size", null, "design-document spelling of pool.max");
    public static final Key DOC_TIMEOUT_S = new Key("pool.timeout", null,
            "design-document spelling of the acquire timeout, in seconds");

    public static final List<Key> ALL = List.of(ENGINE, THREADS, FALLBACK, POOL_ENABLED, POOL_MIN, POOL_MAX,
            ACQUIRE_TIMEOUT_MS, IDLE_TIMEOUT_MS, HEALTH_CHECK_MS, WARM_UP, DOC_MIN_SIZE, DOC_MAX_SIZE, DOC_TIMEOUT_S);

    public static String full(String provider, Key key) {
        return "providers." + provider + "." + key.name();
    }

    private ProviderKeys() {
    }
}
