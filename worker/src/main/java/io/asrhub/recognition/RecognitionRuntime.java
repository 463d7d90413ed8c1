package io.asrhub.recognition;

import io.asrhub.audio.AudioDecoder;
import io.asrhub.config.AudioLimits;
import io.asrhub.config.ConfigKeys;
import io.asrhub.config.ProviderConfig;
import io.asrhub.config.ProviderSettings;
import io.asrhub.config.Settings;
import io.asrhub.errors.AsrException;
import io.asrhub.errors.ErrorCode;
import io.asrhub.pool.RecognizerPool;
import io.asrhub.provider.Provider;
import io.asrhub.provider.ProviderRegistry;
import io.micrometer.core.instrument.MeterRegistry;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Wires settings into running recognition: each provider section's engine, model and pool, and
 * the audio limits. Engine specifics (model search, warm-up default) come from the engine's
 * factory; nothing here knows any engine.
 */
public final class RecognitionRuntime {
    private RecognitionRuntime() {
    }

    public static AudioLimits audioLimits(Settings settings) throws AsrException {
        try {
            return new AudioLimits(settings.get(ConfigKeys.AUDIO_MAX_BYTES),
                    settings.get(ConfigKeys.AUDIO_MAX_DURATION_MS), settings.get(ConfigKeys.AUDIO_ACCEPT_TRUNCATED),
                    settings.get(ConfigKeys.AUDIO_MAX_STREAMED_DURATION_MS));
        } catch (IllegalArgumentException e) {
            throw new AsrException(ErrorCode.CONFIG_INVALID, "audio limits: " + e.getMessage());
        }
    }

    /** Reads one provider section and lets its engine complete it (e.g. find the model). */
    public static ProviderConfig providerConfig(Settings settings, String provider) throws AsrException {
        ProviderRegistry registry = new ProviderRegistry();
        ProviderConfig config = ProviderSettings.read(settings, provider);
        if (!ProviderSettings.warmUpConfigured(settings, provider)) {
            config = config.withPool(config.pool().toBuilder().warmUp(registry.warmUpByDefault(config.engine()))
                    .build());
        }
        return registry.resolve(config);
    }

    public static RecognitionService start(String providerName, ProviderConfig config, Settings settings,
                                           MeterRegistry registry) throws AsrException {
        AudioDecoder decoder = new AudioDecoder(audioLimits(settings)); // validate config before loading a model
        Provider provider = new ProviderRegistry().open(config);
        return new RecognitionService(decoder, RecognizerPool.start(providerName, provider, config.pool(), registry));
    }

    /**
     * Starts every enabled provider section (and the default one) as its own pool, each reserving
     * {@code lanes.small-reserved-slots} of its slots for the small lane. Fails, closing what it
     * started, if any provider cannot start or a fallback names no pool.
     */
    public static RecognitionPools startAll(Settings settings, MeterRegistry registry) throws AsrException {
        String defaultProvider = settings.get(ConfigKeys.PROVIDER);
        Set<String> names = new TreeSet<>(ProviderSettings.names(settings));
        names.add(defaultProvider);
        int reserved = settings.get(ConfigKeys.SMALL_RESERVED_SLOTS);
        Map<String, RecognitionService> services = new LinkedHashMap<>();
        Map<String, String> fallbacks = new LinkedHashMap<>();
        try {
            for (String name : names) {
                if (!name.equals(defaultProvider) && !ProviderSettings.enabled(settings, name)) {
                    continue;
                }
                ProviderConfig config = providerConfig(settings, name);
                config = config.withPool(config.pool().withSmallLaneReservation(reserved));
                services.put(name, start(name, config, settings, registry));
                String fallback = ProviderSettings.fallback(settings, name);
                if (fallback != null) {
                    fallbacks.put(name, fallback);
                }
            }
            for (Map.Entry<String, String> f : fallbacks.entrySet()) {
                if (!services.containsKey(f.getValue())) {
                    throw new AsrException(ErrorCode.CONFIG_INVALID, "providers." + f.getKey() + ".fallback names '"
                            + f.getValue() + "', which is not a started provider " + services.keySet());
                }
            }
            return new RecognitionPools(services, fallbacks, defaultProvider);
        } catch (AsrException | RuntimeException e) {
            services.values().forEach(s -> s.pool().close(Duration.ZERO));
            throw e;
        }
    }
}
