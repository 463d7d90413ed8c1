package io.asrhub.pieces;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import java.util.concurrent.TimeUnit;

/** Meters of the stitcher (docs/metrics.md); registered at zero so alerts see a series at once. */
public final class StitchMeters {
    private final Counter ok;
    private final Counter failed;
    private final Counter repeats;
    private final Counter counted;
    private final Timer latency;

    public StitchMeters(MeterRegistry registry) {
        this.ok = results(registry, "ok");
        this.failed = results(registry, "failed");
        this.counted = Counter.builder("asr.stitch.pieces").tag("outcome", "counted")
                .description("piece results read by the stitcher, by what it did with them").register(registry);
        this.repeats = Counter.builder("asr.stitch.pieces").tag("outcome", "ignored")
                .description("piece results read by the stitcher, by what it did with them").register(registry);
        this.latency = Timer.builder("asr.stitch.latency")
                .description("from the last piece's result being published to the job's final result")
                .publishPercentileHistogram().register(registry);
    }

    /** Meters nobody reads, for tests and tools that run the topology without a registry. */
    static StitchMeters none() {
        return new StitchMeters(new SimpleMeterRegistry());
    }

    private static Counter results(MeterRegistry registry, String status) {
        return Counter.builder("asr.stitch.results").tag("status", status)
                .description("final results of split jobs emitted by the stitcher").register(registry);
    }

    void counted() {
        counted.increment();
    }

    void ignored() {
        repeats.increment();
    }

    void finished(boolean succeeded, long lastPieceTimestampMs) {
        (succeeded ? ok : failed).increment();
        latency.record(Math.max(0, System.currentTimeMillis() - lastPieceTimestampMs), TimeUnit.MILLISECONDS);
    }
}
