package io.asrhub.provider.openai;

import io.asrhub.config.ProviderConfig;
import io.asrhub.errors.AsrException;
import io.asrhub.provider.Provider;
import io.asrhub.provider.ProviderFactory;
import io.asrhub.provider.Recognizer;

import java.net.http.HttpClient;
import java.time.Duration;

/**
 * Engine "openai-http": any server speaking the OpenAI {@code /v1/audio/transcriptions} API
 * (whisper.cpp's server, speaches, hosted services). The pool size caps concurrent requests.
 */
public final class OpenAiHttpProviderFactory implements ProviderFactory {
    @Override
    public String name() {
        return "openai-http";
    }

    @Override
    public java.util.List<io.asrhub.config.Definition<?>> options() {
        return OpenAiHttpOptions.DEFINITIONS;
    }

    @Override
    public boolean warmUpByDefault() {
        return false;
    }

    @Override
    public Provider open(ProviderConfig config) throws AsrException {
        OpenAiHttpOptions options = OpenAiHttpOptions.from(config);
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
                .followRedirects(HttpClient.Redirect.NEVER).build();
        return new Provider() {
            @Override
            public String name() {
                return "openai-http";
            }

            @Override
            public String modelName() {
                return options.model();
            }

            @Override
            public int sampleRate() {
                return 16_000; // sent as 16-bit PCM WAV; OpenAI-compatible servers resample anything else
            }

            @Override
            public Recognizer newRecognizer() {
                return new OpenAiHttpRecognizer(client, options);
            }

            @Override
            public void close() {
                // HttpClient frees its resources when unreachable; nothing is shared beyond it.
            }
        };
    }
}
