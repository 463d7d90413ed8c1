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
    private static final List<String> RETIREMENT_REASONS = List.of("broken", "unhealthy", "idle", "closed", "warm-up",
            "low-utilisation");
    private static final List<String> CHECK_OUTCOMES = List.of("ok", "unhealthy", "failed", "timeout");

    private final String pool;
    private final List<Meter> meters = new ArrayList<>();
    private final List<GaugeSpec> gauges = new ArrayList<>();
    private MeterRegistry registry;
    private Timer acquireWait;
    private Counter acquireTimeouts;
    private Counter created;

    private record GaugeSpec(String name, String description, Supplier<Number> value, String... tags) {
    }

    PoolMetrics(String pool) {
        this.pool = pool;
    }

    /** The pool's state gauges (read on scrape). */
    void gaugesOf(RecognizerPool p, Slots slots, Supplier<Number> waiting) {
        gauge("asr.pool.instances", "live recognizer instances", p::size)
                .gauge("asr.pool.in_use", "instances serving a request", p::inUse)
                .gauge("asr.pool.idle", "instances ready to serve", p::idleCount)
                .gauge("asr.pool.closing", "retired instances still being torn down", p::closingCount)
                .gauge("asr.pool.slots.taken", "slots held by admitted or running work", slots::taken)
                .gauge("asr.pool.waiting", "callers blocked in acquire", waiting)
                .gauge("asr.pool.max", "configured maximum size", slots::max)
                .gauge("asr.pool.reserved", "slots only the small lane may take", slots::reserved)
                .gauge("asr.pool.utilization", "slots in use / capacity (max)", p::utilisationNow, "window", "now")
                .gauge("asr.pool.utilization", "slots in use / capacity, time-weighted over the sizing window",
                        p::utilisationAverage, "window", "1m");
    }

    PoolMetrics gauge(String name, String description, Supplier<Number> value, String... tags) {
        gauges.add(new GaugeSpec(name, description, value, tags));
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
        for (String outcome : CHECK_OUTCOMES) {
            counter("asr.pool.health.checks", "outcome", outcome, "health checks of idle instances, by outcome");
        }
        for (String outcome : List.of("ok", "failed")) {
            counter("asr.pool.warmups", "outcome", outcome, "warm-ups of new instances, by outcome");
        }
        for (String direction : List.of("grow", "shrink")) {
            counter("asr.pool.resizes", "direction", direction, "size changes made by the utilisation rule");
        }
        for (GaugeSpec g : gauges) {
            keep(Gauge.builder(g.name(), g.value()).tag("pool", pool).tags(g.tags()).description(g.description())
                    .register(registry));
        }
    }

    private <M extends Meter> M keep(M meter) {
        meters.add(meter);
        return meter;
    }

    private Counter retirements(String reason) {
        return counter("asr.pool.instance.retirements", "reason", reason, "recognizer instances closed, by reason");
    }

    private Counter counter(String name, String tag, String value, String description) {
        Counter c = Counter.builder(name).tag("pool", pool).tag(tag, value).description(description)
                .register(registry);
        if (!meters.contains(c)) {
            meters.add(c);
        }
        return c;
    }

    void warmUp(boolean ok) {
        if (registry != null) {
            counter("asr.pool.warmups", "outcome", ok ? "ok" : "failed", "").increment();
        }
    }

    void healthCheck(String outcome) {
        counter("asr.pool.health.checks", "outcome", outcome, "").increment();
    }

    void resized(String direction) {
        counter("asr.pool.resizes", "direction", direction, "").increment();
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
        if (registry != null) {
            retirements(reason).increment();
        }
    }

    @Override
    public void close() {
        if (registry != null) {
            meters.forEach(registry::remove);
        }
        meters.clear();
    }
}
