package io.asrhub.worker;

import io.asrhub.errors.AsrException;
import io.asrhub.errors.ErrorCode;
import io.asrhub.records.Lane;
import io.asrhub.schema.AudioJob;

import java.util.Map;
import java.util.Set;

/**
 * Picks the provider pool for a job: the one its {@code providerHint} names, else its lane's
 * provider ({@code lanes.NAME.provider}), else the default. A hint naming a provider this worker
 * does not run is the job's error ({@code UNKNOWN_PROVIDER}), not the worker's.
 */
final class JobRouter {
    private final Set<String> pools;
    private final Map<Lane, String> laneProviders;
    private final String defaultProvider;

    JobRouter(Set<String> pools, Map<Lane, String> laneProviders, String defaultProvider) {
        for (Map.Entry<Lane, String> e : laneProviders.entrySet()) {
            if (!pools.contains(e.getValue())) {
                throw new IllegalArgumentException("lanes." + e.getKey().name().toLowerCase(java.util.Locale.ROOT)
                        + ".provider names '" + e.getValue() + "', which this worker does not run " + pools);
            }
        }
        this.pools = pools;
        this.laneProviders = laneProviders;
        this.defaultProvider = defaultProvider;
    }

    String route(AudioJob job, Lane lane) throws AsrException {
        String hint = job.getProviderHint();
        if (hint != null && !hint.isBlank()) {
            if (!pools.contains(hint)) {
                throw new AsrException(ErrorCode.UNKNOWN_PROVIDER, "job asks for provider '" + hint
                        + "', which this worker does not run (it runs " + pools + ")");
            }
            return hint;
        }
        return laneProviders.getOrDefault(lane, defaultProvider);
    }
}
