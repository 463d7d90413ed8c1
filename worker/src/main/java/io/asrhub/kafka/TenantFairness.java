package io.asrhub.kafka;

import io.asrhub.config.ConfigKeys;
import io.asrhub.config.Settings;
import io.asrhub.errors.AsrException;

/**
 * How a worker shares its slots between producers ({@code AudioJob.tenant}): round-robin admission
 * within each (lane, provider) queue, an optional cap on one tenant's running jobs, and whether
 * meters get a tenant tag. docs/configuration.md, "Fairness between producers".
 *
 * @param roundRobin  admit the tenant with the fewest running jobs next (ties: the one served
 *                    longest ago); false keeps the order in which jobs were fetched
 * @param maxInFlight jobs one tenant may have running on this worker at once; 0 for no cap
 * @param meterTags   per-tenant meters, opt-in because every tenant name becomes a time series
 * @param maxQueuedBytes bytes of fetched, waiting records after which a partition is paused (the
 *                    read-ahead that lets the worker look past one tenant's run; 0: count only)
 */
public record TenantFairness(boolean roundRobin, int maxInFlight, boolean meterTags, long maxQueuedBytes) {
    public static final TenantFairness DEFAULT = new TenantFairness(true, 0, false, 0);

    static TenantFairness read(Settings s) throws AsrException {
        return new TenantFairness(s.get(ConfigKeys.TENANT_FAIRNESS), s.get(ConfigKeys.TENANT_MAX_IN_FLIGHT),
                s.get(ConfigKeys.METRICS_TENANT_TAGS), s.get(ConfigKeys.MAX_QUEUED_BYTES_PER_PARTITION));
    }

    /** Whether a tenant with {@code running} jobs on this worker may start one more. */
    public boolean mayStart(int running) {
        return maxInFlight == 0 || running < maxInFlight;
    }
}
