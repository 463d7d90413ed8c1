package io.asrhub.provider.openai;

import io.asrhub.config.ProviderConfig;
import io.asrhub.errors.AsrException;
import io.asrhub.errors.ErrorCode;

import java.net.URI;
import java.time.Duration;

/** Engine options read from {@code providers.openai-http.*}; see docs/configuration.md. */
record OpenAiHttpOptions(URI endpoint, String model, String apiKey, Duration timeout, String language) {
    static OpenAiHttpOptions from(ProviderConfig config) throws AsrException {
        String base = config.option("base-url").orElseThrow(() -> new AsrException(ErrorCode.CONFIG_INVALID,
                "provider openai-http needs base-url, e.g. http://localhost:8080/v1"));
        URI uri;
        try {
            uri = URI.create(base.replaceAll("/+$", "") + "/audio/transcriptions");
        } catch (IllegalArgumentException e) {
            throw new AsrException(ErrorCode.CONFIG_INVALID, "openai-http base-url is not a valid URI: " + base);
        }
        if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
            throw new AsrException(ErrorCode.CONFIG_INVALID, "openai-http base-url must be an http(s) URL: " + base);
        }
        String keyVariable = config.option("api-key-env").orElse("OPENAI_API_KEY");
        return new OpenAiHttpOptions(uri, config.option("model").orElse("whisper-1"), System.getenv(keyVariable),
                Duration.ofSeconds(config.intOption("timeout-seconds", 300)), config.option("language").orElse(null));
    }
}
