package io.asrhub.config;

import java.time.Duration;
import java.util.List;

import static io.asrhub.config.Definition.bool;
import static io.asrhub.config.Definition.decimal;
import static io.asrhub.config.Definition.integer;
import static io.asrhub.config.Definition.longValue;
import static io.asrhub.config.Definition.millis;
import static io.asrhub.config.Definition.string;

/**
 * Keys under {@code providers.NAME.}, shared by every engine, named by their part after that
 * prefix (engine-specific options are defined by each engine's factory). The design document's
 * spelling ({@code pool.enabled}, {@code min_size}, {@code max_size}, {@code timeout} in seconds)
 * is accepted as well.
 */
public final class ProviderKeys {
    public static final String PREFIX = "providers.";

    public static final Definition<String> ENGINE = string("engine", null, "engine (default: the section name)")
            .documentedDefault("`NAME`");
    public static final Definition<Integer> THREADS = integer("threads", 1,
            "CPU threads per instance (measured: N slots x 1 thread beats fewer slots x more threads)")
            .check(Rule.atLeast(1));
    public static final Definition<String> FALLBACK = string("fallback", null,
            "provider used while this one's breaker is open");
    public static final Definition<Boolean> POOL_ENABLED = bool("pool.enabled", true, "false: this section is not started");
    public static final Definition<Integer> POOL_MIN = integer("pool.min", null, "instances kept warm (default = max)")
            .check(Rule.atLeast(0)).documentedDefault("= max");
    public static final Definition<Integer> POOL_MAX = integer("pool.max", null,
            "pool size = concurrent recognitions (default: the number of cores, at least 2)")
            .check(Rule.atLeast(1)).documentedDefault("cores (at least 2)");
    public static final Definition<Duration> ACQUIRE_TIMEOUT_MS = millis("pool.acquire-timeout-ms", 30_000L,
            "how long a blocking caller (transcribe) waits for a slot");
    public static final Definition<Duration> IDLE_TIMEOUT_MS = millis("pool.idle-timeout-ms", 300_000L,
            "idle instances above min are closed after this");
    public static final Definition<Duration> HEALTH_CHECK_MS = millis("pool.health-check-interval-ms", 30_000L,
            "how often idle instances are checked");
    public static final Definition<Boolean> WARM_UP = bool("pool.warm-up", null,
            "warm every new instance (start, growth, replacement) before its first job (engine default)")
            .documentedDefault("engine default (`whisper`: true, `openai-http`: false)");
    public static final Definition<Boolean> HEALTH_CHECK_ACTIVE = bool("pool.health-check.active", true,
            "idle instances run a short synthetic recognition at each health check");
    public static final Definition<Duration> HEALTH_CHECK_TIMEOUT_MS = millis("pool.health-check.timeout-ms", 10_000L,
            "deadline of that recognition; a failure or timeout retires the instance");
    public static final Definition<Double> HIGH_WATER = decimal("pool.utilization.high-water", 0.8,
            "above this utilisation (1-minute average of slots in use / live instances) the pool grows")
            .check(Rule.fraction());
    public static final Definition<Double> LOW_WATER = decimal("pool.utilization.low-water", 0.3,
            "below this utilisation the pool retires an idle instance (never below min)").check(Rule.fraction());
    public static final Definition<Duration> SIZING_WINDOW_MS = millis("pool.utilization.window-ms", 60_000L,
            "averaging window of the sizing rule; also the least time between two size changes");
    public static final Definition<Integer> DOC_MIN_SIZE = integer("pool.min_size", null,
            "design-document spelling of pool.min").check(Rule.atLeast(0)).documentedDefault("");
    public static final Definition<Integer> DOC_MAX_SIZE = integer("pool.max_size", null,
            "design-document spelling of pool.max").check(Rule.atLeast(1)).documentedDefault("");
    public static final Definition<Long> DOC_TIMEOUT_S = longValue("pool.timeout", null,
            "design-document spelling of the acquire timeout, in seconds").check(Rule.atLeast(0)).documentedDefault("");
    /**
     * The engine's model, accepted in every section (read as the model file of {@link ProviderConfig});
     * each engine documents what it means for it among its own options.
     */
    public static final Definition<String> MODEL = string("model", null, "the engine's model");

    public static final List<Definition<?>> ALL = List.of(ENGINE, THREADS, FALLBACK, POOL_ENABLED, POOL_MIN, POOL_MAX,
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

    /** The full key of {@code key} in the section of {@code provider}. */
    public static String full(String provider, Definition<?> key) {
        return PREFIX + provider + "." + key.name();
    }

    /** {@code key} placed in the section of {@code provider}, to read it from the whole settings. */
    public static <T> Definition<T> in(String provider, Definition<T> key) {
        return key.named(full(provider, key));
    }

    private ProviderKeys() {
    }
}
