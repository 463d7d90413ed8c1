package io.asrhub.pool;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/** Micrometer meters for one pool, all tagged {@code pool=<name>}. Names are documented in docs/metrics.md. */
final class PoolMetrics {
    private final MeterRegistry registry;
    private final String pool;
    private final Timer acquireWait;
    private final Counter acquireTimeouts;
    private final Counter created;

    PoolMetrics(MeterRegistry registry, String pool) {
        this.registry = registry;
        this.pool = pool;
        this.acquireWait = Timer.builder("asr.pool.acquire.wait").tag("pool", pool)
                .description("time callers waited for a free recognizer").publishPercentileHistogram()
                .register(registry);
        this.acquireTimeouts = Counter.builder("asr.pool.acquire.timeouts").tag("pool", pool)
                .description("acquires that gave up after the acquire timeout").register(registry);
        this.created = Counter.builder("asr.pool.instance.creations").tag("pool", pool).register(registry);
    }

    void gauge(String name, String description, Supplier<Number> value) {
        Gauge.builder(name, value).tag("pool", pool).description(description).register(registry);
    }

    void acquired(long waitNanos) {
        acquireWait.record(waitNanos, TimeUnit.NANOSECONDS);
    }

    void acquireTimedOut() {
        acquireTimeouts.increment();
    }

    void created() {
        created.increment();
    }

    void destroyed(String reason) {
        Counter.builder("asr.pool.instance.retirements").tag("pool", pool).tag("reason", reason)
                .register(registry).increment();
    }
}
