package io.asrhub.config;

import io.asrhub.errors.AsrException;
import io.asrhub.errors.ErrorCode;
import io.asrhub.pool.PoolOptions;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Builds a {@link ProviderConfig} from the {@code providers.NAME.*} keys. */
public final class ProviderSettings {
    private static final List<String> RESERVED = List.of("engine", "threads", "model");

    private ProviderSettings() {
    }

    /** Keys whose environment overrides are honoured even when absent from the file. */
    public static List<String> knownKeys(String provider) {
        String p = "providers." + provider + ".";
        return List.of(p + "engine", p + "threads", p + "model", p + "pool.min", p + "pool.max",
                p + "pool.acquire-timeout-ms", p + "pool.idle-timeout-ms", p + "pool.health-check-interval-ms",
                p + "pool.warm-up", p + "language", p + "translate", p + "beam-size", p + "base-url", p + "api-key-env",
                p + "timeout-seconds");
    }

    public static ProviderConfig read(Settings settings, String provider) throws AsrException {
        Map<String, String> section = settings.subtree("providers." + provider);
        Settings s = Settings.of(section);
        int max = s.getInt("pool.max", 2);
        // Default min = max: every slot warm at start; native engines create states cheaply only when idle.
        int min = s.getInt("pool.min", max);
        PoolOptions pool;
        try {
            pool = PoolOptions.builder().minSize(min).maxSize(max)
                    .acquireTimeout(Duration.ofMillis(s.getLong("pool.acquire-timeout-ms", 30_000)))
                    .idleTimeout(Duration.ofMillis(s.getLong("pool.idle-timeout-ms", 300_000)))
                    .healthCheckInterval(Duration.ofMillis(s.getLong("pool.health-check-interval-ms", 30_000)))
                    .warmUp(s.getBoolean("pool.warm-up", true)).build();
        } catch (IllegalArgumentException e) {
            throw new AsrException(ErrorCode.CONFIG_INVALID, "providers." + provider + ".pool: " + e.getMessage());
        }
        int cores = Runtime.getRuntime().availableProcessors();
        int threads = s.getInt("threads", Math.max(1, cores / max));
        if (threads < 1) {
            throw new AsrException(ErrorCode.CONFIG_INVALID, "providers." + provider + ".threads must be >= 1");
        }
        String model = s.get("model", null);
        Map<String, String> options = new TreeMap<>();
        section.forEach((k, v) -> {
            if (!RESERVED.contains(k) && !k.startsWith("pool.")) {
                options.put(k, v);
            }
        });
        return new ProviderConfig(s.get("engine", provider), pool, threads, model == null ? null : Path.of(model),
                options);
    }
}
