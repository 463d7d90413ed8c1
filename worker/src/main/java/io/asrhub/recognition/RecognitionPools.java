package io.asrhub.recognition;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The provider pools of one worker, by provider name: every enabled {@code providers.NAME}
 * section is its own pool with its own size and timeouts. Also knows each provider's fallback
 * (used while its circuit breaker is open).
 */
public final class RecognitionPools implements AutoCloseable {
    private final Map<String, RecognitionService> services;
    private final Map<String, String> fallbacks;
    private final String defaultProvider;

    public RecognitionPools(Map<String, RecognitionService> services, Map<String, String> fallbacks,
                            String defaultProvider) {
        if (!services.containsKey(defaultProvider)) {
            throw new IllegalArgumentException("default provider '" + defaultProvider + "' has no pool");
        }
        this.services = Collections.unmodifiableMap(new LinkedHashMap<>(services));
        this.fallbacks = Map.copyOf(fallbacks);
        this.defaultProvider = defaultProvider;
    }

    /** One pool, which is also the default. */
    public static RecognitionPools single(RecognitionService service) {
        return new RecognitionPools(Map.of(service.pool().name(), service), Map.of(), service.pool().name());
    }

    public Set<String> names() {
        return services.keySet();
    }

    public RecognitionService get(String provider) {
        return services.get(provider);
    }

    public RecognitionService defaultService() {
        return services.get(defaultProvider);
    }

    public String defaultProvider() {
        return defaultProvider;
    }

    /** The provider to use while {@code provider}'s breaker is open, or null. */
    public String fallback(String provider) {
        return fallbacks.get(provider);
    }

    public int totalSlots() {
        return services.values().stream().mapToInt(s -> s.pool().options().maxSize()).sum();
    }

    /** Closes every pool, giving running work up to {@code grace} (shared, not per pool). */
    public void close(Duration grace) {
        long deadline = System.nanoTime() + grace.toNanos();
        for (RecognitionService s : services.values()) {
            s.pool().close(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
        }
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(30));
    }
}
