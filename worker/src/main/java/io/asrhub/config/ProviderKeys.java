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
    public static final Key WARM_UP = new Key("pool.warm-up", null,
            "warm every new instance (start, growth, replacement) before its first job (engine default)");
    public static final Key HEALTH_CHECK_ACTIVE = new Key("pool.health-check.active", "true",
            "idle instances run a short synthetic recognition at each health check");
    public static final Key HEALTH_CHECK_TIMEOUT_MS = new Key("pool.health-check.timeout-ms", "10000",
            "deadline of that recognition; a failure or timeout retires the instance");
    public static final Key HIGH_WATER = new Key("pool.utilization.high-water", "0.8",
            "above this utilisation (1-minute average of slots in use / live instances) the pool grows");
    public static final Key LOW_WATER = new Key("pool.utilization.low-water", "0.3",
            "below this utilisation the pool retires an idle instance (never below min)");
    public static final Key SIZING_WINDOW_MS = new Key("pool.utilization.window-ms", "60000",
            "averaging window of the sizing rule; also the least time between two size changes");
    public static final Key DOC_MIN_SIZE = new Key("pool.min_size", null, "design-document spelling of pool.min");
    public static final Key DOC_MAX_SIZE = new Key("pool.max_size", null, "design-document spelling of pool.max");
    public static final Key DOC_TIMEOUT_S = new Key("pool.timeout", null,
            "design-document spelling of the acquire timeout, in seconds");

    public static final List<Key> ALL = List.of(ENGINE, THREADS, FALLBACK, POOL_ENABLED, POOL_MIN, POOL_MAX,
            ACQUIRE_TIMEOUT_MS, IDLE_TIMEOUT_MS, HEALTH_CHECK_MS, WARM_UP, HEALTH_CHECK_ACTIVE, HEALTH_CHECK_TIMEOUT_MS,
            HIGH_WATER, LOW_WATER, SIZING_WINDOW_MS, DOC_MIN_SIZE, DOC_MAX_SIZE, DOC_TIMEOUT_S);

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
