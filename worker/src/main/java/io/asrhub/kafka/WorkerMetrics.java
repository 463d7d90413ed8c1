package io.asrhub.kafka;

import io.asrhub.errors.ErrorCode;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/** Job-level meters; names are documented in docs/metrics.md. */
public final class WorkerMetrics {
    private final MeterRegistry registry;

    public WorkerMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    public MeterRegistry registry() {
        return registry;
    }

    void completed(Lane lane, String status, long processingMs) {
        Counter.builder("asr.jobs.completed").tag("lane", tag(lane)).tag("status", status).register(registry)
                .increment();
        if (processingMs > 0) {
            Timer.builder("asr.jobs.processing").tag("lane", tag(lane)).publishPercentileHistogram()
                    .register(registry).record(processingMs, TimeUnit.MILLISECONDS);
        }
    }

    void deadLettered(Lane lane, ErrorCode code) {
        Counter.builder("asr.jobs.dead_lettered").tag("lane", tag(lane)).tag("code", code.name()).register(registry)
                .increment();
    }

    void retried(Lane lane, ErrorCode code) {
        Counter.builder("asr.jobs.retried").tag("lane", tag(lane)).tag("code", code.name()).register(registry)
                .increment();
    }

    void laneGauge(String name, Lane lane, Supplier<Number> value) {
        Gauge.builder(name, value).tag("lane", tag(lane)).register(registry);
    }

    private static String tag(Lane lane) {
        return lane.name().toLowerCase(Locale.ROOT);
    }
}
