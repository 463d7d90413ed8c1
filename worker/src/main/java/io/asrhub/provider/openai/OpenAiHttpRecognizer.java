package io.asrhub.provider.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.asrhub.audio.WavWriter;
import io.asrhub.errors.AsrException;
import io.asrhub.errors.ErrorCode;
import io.asrhub.provider.RecognitionRequest;
import io.asrhub.provider.Recognizer;
import io.asrhub.provider.Segment;
import io.asrhub.provider.Transcript;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.util.ArrayList;
import java.util.List;

/** Sends one clip as 16 kHz mono WAV and maps the verbose_json answer to a transcript. */
final class OpenAiHttpRecognizer implements Recognizer {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient client;
    private final OpenAiHttpOptions options;

    OpenAiHttpRecognizer(HttpClient client, OpenAiHttpOptions options) {
        this.client = client;
        this.options = options;
    }

    @Override
    public Transcript transcribe(RecognitionRequest request) throws AsrException {
        MultipartBody body = new MultipartBody()
                .file("file", "audio.wav", "audio/wav",
                        WavWriter.pcm16(request.audio().samples(), request.audio().sampleRate()))
                .field("model", options.model())
                .field("response_format", "verbose_json");
        String language = request.language() != null ? request.language() : options.language();
        if (language != null) {
            body.field("language", language);
        }
        HttpRequest.Builder http = HttpRequest.newBuilder(options.endpoint()).timeout(options.timeout())
                .header("Content-Type", body.contentType())
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.build()));
        if (options.apiKey() != null) {
            http.header("Authorization", "Bearer " + options.apiKey());
        }
        HttpResponse<String> response = send(request.source(), http.build());
        return parse(request.source(), response, language);
    }

    private HttpResponse<String> send(String source, HttpRequest request) throws AsrException {
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (HttpTimeoutException e) {
            throw new AsrException(ErrorCode.PROVIDER_FAILED, source + ": " + options.endpoint() + " did not answer within "
                    + options.timeout().toSeconds() + " s", e);
        } catch (IOException e) {
            throw new AsrException(ErrorCode.PROVIDER_FAILED, source + ": cannot reach " + options.endpoint() + " ("
                    + e + ")", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AsrException(ErrorCode.INTERRUPTED, source + ": interrupted while waiting for the server");
        }
    }

    private Transcript parse(String source, HttpResponse<String> response, String language) throws AsrException {
        int status = response.statusCode();
        if (status != 200) {
            // Never copy secrets a server may echo (our own Authorization header included) into errors.
            String excerpt = SecretRedaction.redact(response.body(), options.apiKey());
            // Throttling and server errors may pass; other 4xx mean this request will never succeed.
            ErrorCode code = status == 429 || status >= 500 ? ErrorCode.PROVIDER_FAILED : ErrorCode.PROVIDER_REJECTED;
            throw new AsrException(code, source + ": server answered HTTP " + status + ": " + excerpt);
        }
        try {
            JsonNode root = JSON.readTree(response.body());
            List<Segment> segments = new ArrayList<>();
            for (JsonNode s : root.path("segments")) {
                segments.add(new Segment(Math.round(s.path("start").asDouble() * 1000),
                        Math.round(s.path("end").asDouble() * 1000), s.path("text").asText().strip()));
            }
            String text = root.path("text").asText("").strip();
            String detected = root.hasNonNull("language") ? root.get("language").asText() : language;
            return new Transcript(text, segments, detected);
        } catch (IOException e) {
            throw new AsrException(ErrorCode.PROVIDER_FAILED, source + ": server sent a response that is not JSON", e);
        }
    }

    @Override
    public void close() {
        // Stateless: the shared HttpClient outlives individual slots.
    }
}
