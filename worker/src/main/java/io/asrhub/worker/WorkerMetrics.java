package io.asrhub.worker;

import io.asrhub.errors.ErrorCode;
import io.asrhub.records.Lane;
import io.asrhub.recognition.Transcription;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.time.Duration;
import java.util.Collection;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Job-level meters, tagged by lane and pool; names are documented in docs/metrics.md. Counters
 * are registered at zero for every lane and pool when the worker starts, so a dashboard or alert
 * sees a series before the first event.
 */
public final class WorkerMetrics {
    private final MeterRegistry registry;

    public WorkerMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    public MeterRegistry registry() {
        return registry;
    }

    /** Registers every counter at zero for these pools. */
    void preRegister(Collection<String> pools) {
        for (Lane lane : Lane.values()) {
            for (String pool : pools) {
                completedCounter(lane, pool, "ok");
                completedCounter(lane, pool, "failed");
                retried(lane, pool, "none", 0);
                deadLetterCounter(lane, pool, "none");
            }
            abandonedCounter(lane);
        }
    }

    void completed(Lane lane, String pool, Transcription t, long queueWaitMs) {
        completedCounter(lane, pool, "ok").increment();
        Timer.builder("asr.jobs.processing").tags("lane", tag(lane), "pool", pool)
                .description("recognition time per job").publishPercentileHistogram()
                .register(registry).record(t.processingMs(), TimeUnit.MILLISECONDS);
        Timer.builder("asr.jobs.queue_wait").tags("lane", tag(lane), "pool", pool)
                .description("from submission until recognition started").publishPercentileHistogram()
                .maximumExpectedValue(Duration.ofHours(1))
                .register(registry).record(Math.max(0, queueWaitMs), TimeUnit.MILLISECONDS);
        DistributionSummary.builder("asr.jobs.audio").baseUnit("seconds").tags("lane", tag(lane), "pool", pool)
                .description("audio duration per job").publishPercentileHistogram()
                .register(registry).record(t.audioDurationMs() / 1000.0);
        DistributionSummary.builder("asr.jobs.real_time_factor").tags("lane", tag(lane), "pool", pool)
                .description("processing time over audio time (below 1 is faster than real time)")
                .serviceLevelObjectives(0.05, 0.1, 0.25, 0.5, 1, 2)
                .register(registry).record(t.realTimeFactor());
    }


    void failed(Lane lane, String pool, ErrorCode code) {
        completedCounter(lane, pool, "failed").increment();
        deadLetterCounter(lane, pool, code.name()).increment();
    }

    void retried(Lane lane, String pool, String code, int amount) {
        Counter.builder("asr.jobs.retried").tags("lane", tag(lane), "pool", pool, "code", code)
                .description("transient failures that were backed off and retried")
                .register(registry).increment(amount);
    }

    void abandoned(Lane lane, int count) {
        abandonedCounter(lane).increment(count);
    }

    void gauge(String name, String description, Supplier<Number> value, String... tags) {
        Gauge.builder(name, value).tags(tags).description(description).register(registry);
    }

    private Counter completedCounter(Lane lane, String pool, String status) {
        return Counter.builder("asr.jobs.completed").tags("lane", tag(lane), "pool", pool, "status", status)
                .description("jobs finished, by outcome").register(registry);
    }

    private Counter deadLetterCounter(Lane lane, String pool, String code) {
        return Counter.builder("asr.jobs.dead_lettered").tags("lane", tag(lane), "pool", pool, "code", code)
                .description("jobs sent to the dead-letter topic, by error code")
                .register(registry);
    }

    private Counter abandonedCounter(Lane lane) {
        return Counter.builder("asr.jobs.abandoned").tag("lane", tag(lane))
                .description("jobs given up uncommitted (revoked past the grace, or shutdown); they are redone")
                .register(registry);
    }

    static String tag(Lane lane) {
        return lane.name().toLowerCase(Locale.ROOT);
    }
}
