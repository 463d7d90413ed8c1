package io.asrhub.share;

import io.asrhub.kafka.Lane;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * The job meters of consumer mode (same names and tags, so dashboards work in both modes),
 * counted per share-mode verdict: a released transient failure is a retry, not a dead letter.
 */
final class ShareJobMetrics {
    private final MeterRegistry registry;

    ShareJobMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    void succeeded(Lane lane, long processingMs) {
        Counter.builder("asr.jobs.completed").tag("lane", tag(lane)).tag("status", "ok").register(registry)
                .increment();
        if (processingMs > 0) {
            Timer.builder("asr.jobs.processing").tag("lane", tag(lane)).publishPercentileHistogram()
                    .register(registry).record(processingMs, TimeUnit.MILLISECONDS);
        }
    }

    void released(Lane lane, String code) {
        Counter.builder("asr.jobs.retried").tag("lane", tag(lane)).tag("code", code).register(registry).increment();
    }

    void deadLettered(Lane lane, String code) {
        Counter.builder("asr.jobs.completed").tag("lane", tag(lane)).tag("status", "failed").register(registry)
                .increment();
        Counter.builder("asr.jobs.dead_lettered").tag("lane", tag(lane)).tag("code", code).register(registry)
                .increment();
    }

    private static String tag(Lane lane) {
        return lane.name().toLowerCase(Locale.ROOT);
    }
}
