package io.asrhub.config;

import io.asrhub.errors.AsrException;
import io.asrhub.errors.ErrorCode;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

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
        return Settings.of(settings.subtree("providers." + provider)).getBoolean(ProviderKeys.POOL_ENABLED.name(), true);
    }

    public static String fallback(Settings settings, String provider) {
        return settings.get(ProviderKeys.full(provider, ProviderKeys.FALLBACK), null);
    }

    /** Whether the warm-up was set explicitly (otherwise the engine's default applies). */
    public static boolean warmUpConfigured(Settings settings, String provider) {
        return settings.get(ProviderKeys.full(provider, ProviderKeys.WARM_UP), null) != null;
    }

    /** A fraction key; a malformed number fails as IllegalArgumentException (reported as CONFIG_INVALID). */
    private static double fraction(Settings s, Key key) {
        return Double.parseDouble(s.get(key.name(), key.defaultValue()).trim());
    }

    public static ProviderConfig read(Settings settings, String provider) throws AsrException {
        Map<String, String> section = settings.subtree("providers." + provider);
        Settings s = Settings.of(section);
        int max = s.getInt(ProviderKeys.POOL_MAX.name(), s.getInt(ProviderKeys.DOC_MAX_SIZE.name(),
                ProviderKeys.defaultPoolMax()));
        // Default min = max: every slot warm at start.
        int min = s.getInt(ProviderKeys.POOL_MIN.name(), s.getInt(ProviderKeys.DOC_MIN_SIZE.name(), max));
        long acquireMs = s.get(ProviderKeys.ACQUIRE_TIMEOUT_MS.name(), null) == null
                && s.get(ProviderKeys.DOC_TIMEOUT_S.name(), null) != null
                ? s.getLong(ProviderKeys.DOC_TIMEOUT_S.name(), 0) * 1000
                : s.getLong(ProviderKeys.ACQUIRE_TIMEOUT_MS.name(), ProviderKeys.ACQUIRE_TIMEOUT_MS.defaultLong());
        PoolOptions pool;
        try {
            pool = PoolOptions.builder().minSize(min).maxSize(max)
                    .acquireTimeout(Duration.ofMillis(acquireMs))
                    .idleTimeout(Duration.ofMillis(s.getLong(ProviderKeys.IDLE_TIMEOUT_MS.name(),
                            ProviderKeys.IDLE_TIMEOUT_MS.defaultLong())))
                    .healthCheckInterval(Duration.ofMillis(s.getLong(ProviderKeys.HEALTH_CHECK_MS.name(),
                            ProviderKeys.HEALTH_CHECK_MS.defaultLong())))
                    .warmUp(s.getBoolean(ProviderKeys.WARM_UP.name(), true))
                    .activeHealthCheck(s.getBoolean(ProviderKeys.HEALTH_CHECK_ACTIVE.name(), true))
                    .healthCheckTimeout(Duration.ofMillis(s.getLong(ProviderKeys.HEALTH_CHECK_TIMEOUT_MS.name(),
                            ProviderKeys.HEALTH_CHECK_TIMEOUT_MS.defaultLong())))
                    .utilisationMarks(fraction(s, ProviderKeys.LOW_WATER), fraction(s, ProviderKeys.HIGH_WATER))
                    .sizingWindow(Duration.ofMillis(s.getLong(ProviderKeys.SIZING_WINDOW_MS.name(),
                            ProviderKeys.SIZING_WINDOW_MS.defaultLong()))).build();
        } catch (IllegalArgumentException e) {
            throw new AsrException(ErrorCode.CONFIG_INVALID, "providers." + provider + ".pool: " + e.getMessage());
        }
        int threads = s.getInt(ProviderKeys.THREADS.name(), ProviderKeys.THREADS.defaultInt());
        if (threads < 1) {
            throw new AsrException(ErrorCode.CONFIG_INVALID, "providers." + provider + ".threads must be >= 1");
        }
        String model = s.get("model", null);
        Set<String> shared = new TreeSet<>();
        ProviderKeys.ALL.forEach(k -> shared.add(k.name()));
        Map<String, String> options = new TreeMap<>();
        section.forEach((k, v) -> {
            if (!shared.contains(k) && !k.equals("model")) {
                options.put(k, v);
            }
        });
        return new ProviderConfig(s.get(ProviderKeys.ENGINE.name(), provider), pool, threads,
                model == null ? null : Path.of(model), options);
    }
}
