package io.asrhub.config;

import java.util.List;

/**
 * Keys under {@code providers.NAME.}, shared by every engine (engine-specific options are declared
 * by each engine's factory). The design document's spelling ({@code pool.enabled},
 * {@code min_size}, {@code max_size}, {@code timeout} in seconds) is accepted as well.
 */
public final class ProviderKeys {
    public static final Key ENGINE = new Key("engine", null, "engine (default: the section name)");
    public static final Key THREADS = new Key("threads", "1",
            "CPU threads per instance (measured: N slots x 1 thread beats fewer slots x more threads)");
    public static final Key FALLBACK = new Key("fallback", null, "provider used while this one's breaker is open");
    public static final Key POOL_ENABLED = new Key("pool.enabled", "true", "false: this section is not started");
    public static final Key POOL_MIN = new Key("pool.min", null, "instances kept warm (default = max)");
    public static final Key POOL_MAX = new Key("pool.max", null,
            "pool size = concurrent recognitions (default: the number of cores, at least 2)");
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

    /**
     * The default pool size, from `bench strategies` (docs/benchmarks/strategies.md): one slot per
     * core with one thread each reached 0.99 of the raw engine ceiling on 2 cores, where the design
     * document's cores / 2 slots of two threads reached 0.81-0.88; at least 2 so the small lane can
     * keep a reserved slot.
     */
    public static int defaultPoolMax() {
        return Math.max(2, Runtime.getRuntime().availableProcessors());
    }

    public static String full(String provider, Key key) {
        return "providers." + provider + "." + key.name();
    }

    private ProviderKeys() {
    }
}
