package io.asrhub.worker;

import io.asrhub.records.Lane;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.util.Collection;
import java.util.concurrent.TimeUnit;

/**
 * Meters of the distributed long-audio path on the worker side (docs/metrics.md): jobs split,
 * pieces published, pieces recognised. A split job is not counted in {@code asr.jobs.completed}:
 * its final result comes from the stitcher ({@code asr.stitch.results}).
 */
final class PieceMetrics {
    private final MeterRegistry registry;

    PieceMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    void preRegister(Collection<String> pools) {
        for (Lane lane : Lane.values()) {
            splitCounter(lane);
            publishedCounter(lane);
            timedOutCounter(lane);
            for (String pool : pools) {
                completedCounter(lane, pool, "ok");
                completedCounter(lane, pool, "failed");
            }
        }
    }

    void split(Lane lane, int pieces) {
        splitCounter(lane).increment();
        publishedCounter(lane).increment(pieces);
    }

    void completed(Lane lane, String pool, long processingMs) {
        completedCounter(lane, pool, "ok").increment();
        Timer.builder("asr.pieces.processing").tags("lane", WorkerMetrics.tag(lane), "pool", pool)
                .description("recognition time per piece").publishPercentileHistogram()
                .register(registry).record(processingMs, TimeUnit.MILLISECONDS);
    }

    void timedOut(Lane lane) {
        timedOutCounter(lane).increment();
    }

    void failed(Lane lane, String pool) {
        completedCounter(lane, pool, "failed").increment();
    }

    private Counter timedOutCounter(Lane lane) {
        return Counter.builder("asr.pieces.timed_out").tag("lane", WorkerMetrics.tag(lane))
                .description("piece runs that passed chunking.piece-timeout-ms (dispatched again, or failed)")
                .register(registry);
    }

    private Counter splitCounter(Lane lane) {
        return Counter.builder("asr.jobs.split").tag("lane", WorkerMetrics.tag(lane))
                .description("long jobs split into pieces for the group").register(registry);
    }

    private Counter publishedCounter(Lane lane) {
        return Counter.builder("asr.pieces.published").tag("lane", WorkerMetrics.tag(lane))
                .description("pieces published to the pieces topic").register(registry);
    }

    private Counter completedCounter(Lane lane, String pool, String status) {
        return Counter.builder("asr.pieces.completed")
                .tags("lane", WorkerMetrics.tag(lane), "pool", pool, "status", status)
                .description("pieces recognised by this worker, by outcome (FAILED: for good)").register(registry);
    }
}
