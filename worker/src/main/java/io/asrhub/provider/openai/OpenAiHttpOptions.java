package io.asrhub.provider.openai;

import io.asrhub.config.Definition;
import io.asrhub.config.ProviderConfig;
import io.asrhub.config.Rule;
import io.asrhub.errors.AsrException;
import io.asrhub.errors.ErrorCode;

import java.net.URI;
import java.time.Duration;
import java.util.List;

/** Engine options read from {@code providers.NAME.*} of an openai-http section; see docs/configuration.md. */
record OpenAiHttpOptions(URI endpoint, String model, String apiKey, Duration timeout, String language) {
    static final Definition<String> BASE_URL = Definition.string("base-url", null,
            "server address, e.g. http://localhost:8080/v1").documentedDefault("required");
    static final Definition<String> MODEL = Definition.string("model", "whisper-1", "model name sent to the server");
    static final Definition<String> API_KEY_ENV = Definition.string("api-key-env", "OPENAI_API_KEY",
            "environment variable holding the bearer token");
    static final Definition<Integer> TIMEOUT_SECONDS = Definition.integer("timeout-seconds", 300,
            "per-request timeout").check(Rule.atLeast(1));
    static final Definition<String> LANGUAGE = Definition.string("language", null,
            "spoken language sent with each request (default: the server decides)");
    static final List<Definition<?>> DEFINITIONS = List.of(BASE_URL, MODEL, API_KEY_ENV, TIMEOUT_SECONDS, LANGUAGE);

    static OpenAiHttpOptions from(ProviderConfig config) throws AsrException {
        String base = config.find(BASE_URL).orElseThrow(() -> new AsrException(ErrorCode.CONFIG_INVALID,
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
        return new OpenAiHttpOptions(uri, config.get(MODEL), System.getenv(config.get(API_KEY_ENV)),
                Duration.ofSeconds(config.get(TIMEOUT_SECONDS)), config.get(LANGUAGE));
    }
}
