package io.asrhub.config;

import io.asrhub.errors.AsrException;
import io.asrhub.errors.ErrorCode;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import static io.asrhub.config.ProviderKeys.in;

/** Builds a {@link ProviderConfig} from the {@code providers.NAME.*} keys ({@link ProviderKeys}). */
public final class ProviderSettings {
    private ProviderSettings() {
    }

    /** Provider sections present in the settings (file or environment). */
    public static Set<String> names(Settings settings) {
        Set<String> names = new TreeSet<>();
        settings.subtree("providers").keySet().forEach(k -> names.add(k.substring(0, k.indexOf('.') < 0
                ? k.length() : k.indexOf('.'))));
        return names;
    }

    public static boolean enabled(Settings settings, String provider) throws AsrException {
        return settings.get(in(provider, ProviderKeys.POOL_ENABLED));
    }

    public static String fallback(Settings settings, String provider) throws AsrException {
        return settings.get(in(provider, ProviderKeys.FALLBACK));
    }

    /** Whether the warm-up was set explicitly (otherwise the engine's default applies). */
    public static boolean warmUpConfigured(Settings settings, String provider) throws AsrException {
        return settings.find(in(provider, ProviderKeys.WARM_UP)).isPresent();
    }

    public static ProviderConfig read(Settings s, String provider) throws AsrException {
        int max = firstSet(s, in(provider, ProviderKeys.POOL_MAX), in(provider, ProviderKeys.DOC_MAX_SIZE))
                .orElse(ProviderKeys.defaultPoolMax());
        // Default min = max: every slot warm at start.
        int min = firstSet(s, in(provider, ProviderKeys.POOL_MIN), in(provider, ProviderKeys.DOC_MIN_SIZE)).orElse(max);
        Optional<Long> designTimeoutSeconds = s.find(in(provider, ProviderKeys.DOC_TIMEOUT_S));
        Duration acquire = s.find(in(provider, ProviderKeys.ACQUIRE_TIMEOUT_MS))
                .or(() -> designTimeoutSeconds.map(Duration::ofSeconds))
                .orElse(ProviderKeys.ACQUIRE_TIMEOUT_MS.defaultValue());
        PoolOptions pool;
        try {
            pool = PoolOptions.builder().minSize(min).maxSize(max).acquireTimeout(acquire)
                    .idleTimeout(s.get(in(provider, ProviderKeys.IDLE_TIMEOUT_MS)))
                    .healthCheckInterval(s.get(in(provider, ProviderKeys.HEALTH_CHECK_MS)))
                    .warmUp(s.find(in(provider, ProviderKeys.WARM_UP)).orElse(true))
                    .activeHealthCheck(s.get(in(provider, ProviderKeys.HEALTH_CHECK_ACTIVE)))
                    .healthCheckTimeout(s.get(in(provider, ProviderKeys.HEALTH_CHECK_TIMEOUT_MS)))
                    .utilisationMarks(s.get(in(provider, ProviderKeys.LOW_WATER)),
                            s.get(in(provider, ProviderKeys.HIGH_WATER)))
                    .sizingWindow(s.get(in(provider, ProviderKeys.SIZING_WINDOW_MS))).build();
        } catch (IllegalArgumentException e) {
            throw new AsrException(ErrorCode.CONFIG_INVALID, "providers." + provider + ".pool: " + e.getMessage());
        }
        String model = s.get(in(provider, ProviderKeys.MODEL));
        Set<String> shared = new TreeSet<>();
        ProviderKeys.ALL.forEach(k -> shared.add(k.name()));
        Map<String, String> options = new TreeMap<>();
        s.subtree("providers." + provider).forEach((k, v) -> {
            if (!shared.contains(k) && !k.equals(ProviderKeys.MODEL.name())) {
                options.put(k, v);
            }
        });
        return new ProviderConfig(s.find(in(provider, ProviderKeys.ENGINE)).orElse(provider), pool,
                s.get(in(provider, ProviderKeys.THREADS)), model == null ? null : Path.of(model), options);
    }

    /** The value of {@code key}, else of its design-document spelling {@code alias}, else nothing. */
    private static <T> Optional<T> firstSet(Settings s, Definition<T> key, Definition<T> alias) throws AsrException {
        Optional<T> v = s.find(key);
        return v.isPresent() ? v : s.find(alias);
    }
}
