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
    private final MeterRegistry registry;
    /** Every reason {@link JobStitch} and {@link StitchProcessor} reject with (docs/long-audio.md). */
    static final java.util.List<String> REJECT_REASONS = java.util.List.of("unreadable", "no-split", "unknown-split",
            "bad-manifest", "conflicting-manifest", "count-mismatch", "index-out-of-range", "layout-mismatch",
            "conflicting-duplicate");

    public StitchMeters(MeterRegistry registry) {
        this.registry = registry;
        REJECT_REASONS.forEach(this::rejectedCounter);
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

    void rejected(String reason) {
        rejectedCounter(reason).increment();
    }

    private Counter rejectedCounter(String reason) {
        return Counter.builder("asr.stitch.rejected").tag("reason", reason)
                .description("records on the piece-results topic that fit no split a worker announced: dropped")
                .register(registry);
    }

    void finished(boolean succeeded, long lastPieceTimestampMs) {
        (succeeded ? ok : failed).increment();
        latency.record(Math.max(0, System.currentTimeMillis() - lastPieceTimestampMs), TimeUnit.MILLISECONDS);
    }
}
