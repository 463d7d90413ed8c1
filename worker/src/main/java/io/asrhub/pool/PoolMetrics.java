package io.asrhub.pool;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Micrometer meters for one pool, all tagged {@code pool=<name>}, in the style of Micrometer's own
 * binders: bound once, removed again on {@link #close()} so a closed pool leaves no stale gauges.
 * Names are documented in docs/metrics.md.
 */
final class PoolMetrics implements MeterBinder, AutoCloseable {
    private static final List<String> RETIREMENT_REASONS = List.of("broken", "unhealthy", "idle", "closed");

    private final String pool;
    private final List<Meter> meters = new ArrayList<>();
    private final List<GaugeSpec> gauges = new ArrayList<>();
    private MeterRegistry registry;
    private Timer acquireWait;
    private Counter acquireTimeouts;
    private Counter created;

    private record GaugeSpec(String name, String description, Supplier<Number> value) {
    }

    PoolMetrics(String pool) {
        this.pool = pool;
    }

    PoolMetrics gauge(String name, String description, Supplier<Number> value) {
        gauges.add(new GaugeSpec(name, description, value));
        return this;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        this.registry = registry;
        acquireWait = keep(Timer.builder("asr.pool.acquire.wait").tag("pool", pool)
                .description("time from taking a slot to holding a recognizer").publishPercentileHistogram()
                .register(registry));
        acquireTimeouts = keep(Counter.builder("asr.pool.acquire.timeouts").tag("pool", pool)
                .description("blocking acquires that gave up after the acquire timeout").register(registry));
        created = keep(Counter.builder("asr.pool.instance.creations").tag("pool", pool)
                .description("recognizer instances created").register(registry));
        for (String reason : RETIREMENT_REASONS) {
            retirements(reason);
        }
        for (GaugeSpec g : gauges) {
            keep(Gauge.builder(g.name(), g.value()).tag("pool", pool).description(g.description())
                    .register(registry));
        }
    }

    private <M extends Meter> M keep(M meter) {
        meters.add(meter);
        return meter;
    }

    private Counter retirements(String reason) {
        Counter c = Counter.builder("asr.pool.instance.retirements").tag("pool", pool).tag("reason", reason)
                .description("recognizer instances closed, by reason").register(registry);
        if (!meters.contains(c)) {
            meters.add(c);
        }
        return c;
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
        retirements(reason).increment();
    }

    @Override
    public void close() {
        if (registry != null) {
            meters.forEach(registry::remove);
        }
        meters.clear();
    }
}
