package io.asrhub.recognition;

import io.asrhub.audio.AudioDecoder;
import io.asrhub.config.AudioLimits;
import io.asrhub.config.ProviderConfig;
import io.asrhub.config.Settings;
import io.asrhub.errors.AsrException;
import io.asrhub.errors.ErrorCode;
import io.asrhub.model.ModelLocator;
import io.asrhub.pool.RecognizerPool;
import io.asrhub.provider.Provider;
import io.asrhub.provider.ProviderRegistry;
import io.asrhub.provider.whisper.ModelMissing;
import io.micrometer.core.instrument.MeterRegistry;

/** Wires settings into a running {@link RecognitionService}: model search, provider, pool, limits. */
public final class RecognitionRuntime {
    private RecognitionRuntime() {
    }

    public static AudioLimits audioLimits(Settings settings) throws AsrException {
        try {
            return new AudioLimits(settings.getLong("audio.max-bytes", AudioLimits.DEFAULT.maxBytes()),
                    settings.getLong("audio.max-duration-ms", AudioLimits.DEFAULT.maxDurationMs()),
                    settings.getBoolean("audio.accept-truncated", false));
        } catch (IllegalArgumentException e) {
            throw new AsrException(ErrorCode.CONFIG_INVALID, "audio limits: " + e.getMessage());
        }
    }

    /** Applies the documented model search order to whisper-engine providers. */
    public static ProviderConfig resolveModel(ProviderConfig config, ModelLocator locator) throws AsrException {
        if (!"whisper".equals(config.engine())) {
            return config;
        }
        java.nio.file.Path model = locator.locate(config.modelPath()).orElseThrow(ModelMissing::noModel);
        if (!java.nio.file.Files.isRegularFile(model)) {
            throw ModelMissing.notFound(model); // say so before starting anything else
        }
        return config.withModelPath(model);
    }

    public static RecognitionService start(String providerName, ProviderConfig config, Settings settings,
                                           MeterRegistry registry) throws AsrException {
        AudioDecoder decoder = new AudioDecoder(audioLimits(settings)); // validate config before loading a model
        Provider provider = new ProviderRegistry().open(config);
        return new RecognitionService(decoder, RecognizerPool.start(providerName, provider, config.pool(), registry));
    }
}
