package io.asrhub.worker;

import io.asrhub.records.Lane;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Opt-in per-tenant meters ({@code metrics.tenant-tags}): {@code asr.tenant.queue_wait{tenant,lane}},
 * the time from submission until the job was admitted. A tenant name comes from the producer, so
 * it is never put in a tag raw or without bound: it is at most {@code FieldBounds.TENANT}
 * characters already (longer ones are dead-lettered), control characters become {@code _}, and
 * after {@link #MAX_TENANTS} distinct names every further tenant is counted as {@code (other)}.
 * Switched off, it records nothing and registers nothing.
 */
final class TenantMeters {
    static final int MAX_TENANTS = 100;
    static final String NONE = "(none)";
    static final String OTHER = "(other)";

    private final MeterRegistry registry;
    private final boolean enabled;
    private final Set<String> tagged = ConcurrentHashMap.newKeySet();

    TenantMeters(MeterRegistry registry, boolean enabled) {
        this.registry = registry;
        this.enabled = enabled;
    }

    /** A job was admitted now (poll thread). */
    void started(PendingJob job) {
        if (!enabled || job.job == null) {
            return;
        }
        long waitMs = ResultRecords.queueWaitMs(job.job, System.currentTimeMillis(), 0);
        Timer.builder("asr.tenant.queue_wait").tags("tenant", tag(job.tenant), "lane", job.lane.name()
                        .toLowerCase(Locale.ROOT))
                .description("from submission until the job was admitted, per tenant (opt-in)")
                .publishPercentileHistogram().maximumExpectedValue(Duration.ofHours(1))
                .register(registry).record(waitMs, TimeUnit.MILLISECONDS);
    }

    String tag(String tenant) {
        if (tenant.isEmpty()) {
            return NONE;
        }
        StringBuilder clean = new StringBuilder(tenant.length());
        tenant.codePoints().forEach(c -> clean.appendCodePoint(Character.isISOControl(c) ? '_' : c));
        String name = clean.toString();
        if (tagged.contains(name) || (tagged.size() < MAX_TENANTS && tagged.add(name))) {
            return name;
        }
        return OTHER;
    }
}
