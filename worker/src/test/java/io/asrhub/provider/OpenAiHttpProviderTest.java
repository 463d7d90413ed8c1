package io.asrhub.provider;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.asrhub.audio.DecodedAudio;
import io.asrhub.config.ProviderConfig;
import io.asrhub.errors.AsrException;
import io.asrhub.errors.ErrorCode;
import io.asrhub.config.PoolOptions;
import io.asrhub.pool.PooledTranscriber;
import io.asrhub.pool.RecognizerPool;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Engine "openai-http" against a real local HTTP server speaking the transcription API. */
class OpenAiHttpProviderTest {
    private static final String VERBOSE_JSON = """
            {"task":"transcribe","language":"en","duration":1.0,
             "text":" hello world. second part ",
             "segments":[{"id":0,"start":0.0,"end":1.25,"text":" hello world."},
                         {"id":1,"start":1.25,"end":2.5,"text":" second part "}]}""";

    private HttpServer server;
    private ExecutorService serverExecutor;
    /** What the server does with each request; tests replace it. */
    private volatile Handler handler = (exchange, body) -> respond(exchange, 200, VERBOSE_JSON);
    private final List<Recorded> requests = new CopyOnWriteArrayList<>();

    @FunctionalInterface
    interface Handler {
        void handle(HttpExchange exchange, byte[] body) throws IOException;
    }

    record Recorded(String method, String path, Map<String, List<String>> headers, byte[] body) {
        String header(String name) {
            for (Map.Entry<String, List<String>> e : headers.entrySet()) {
                if (e.getKey() != null && e.getKey().equalsIgnoreCase(name) && !e.getValue().isEmpty()) {
                    return e.getValue().get(0);
                }
            }
            return null;
        }
    }

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        serverExecutor = Executors.newFixedThreadPool(8);
        server.setExecutor(serverExecutor);
        server.createContext("/", exchange -> {
            try (exchange) {
                byte[] body = exchange.getRequestBody().readAllBytes();
                requests.add(new Recorded(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                        new HashMap<>(exchange.getRequestHeaders()), body));
                handler.handle(exchange, body);
            }
        });
        server.start();
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
        serverExecutor.shutdownNow();
    }

    private String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
    }

    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    private static ProviderConfig config(Map<String, String> options) {
        return new ProviderConfig("openai-http", PoolOptions.builder().minSize(0).maxSize(2).warmUp(false).build(),
                1, null, options);
    }

    private Provider open(Map<String, String> extra) throws AsrException {
        Map<String, String> options = new HashMap<>(Map.of("base-url", baseUrl(), "model", "test-model"));
        options.putAll(extra);
        return new ProviderRegistry().open(config(options));
    }

    private static RecognitionRequest request(String language) {
        return new RecognitionRequest("clip.wav", new DecodedAudio(new float[16000], 16000, "test"), language, false);
    }

    private Transcript transcribeOnce(Provider provider, String language) throws AsrException {
        try (Recognizer recognizer = provider.newRecognizer()) {
            return recognizer.transcribe(request(language));
        }
    }

    // ---- a. request shape and response mapping ---------------------------------------------

    @Test
    void postsMultipartWavAndMapsVerboseJson() throws Exception {
        try (Provider provider = open(Map.of())) {
            assertEquals("openai-http", provider.name());
            assertEquals("test-model", provider.modelName());

            Transcript t = transcribeOnce(provider, "de");

            assertEquals("hello world. second part", t.text());
            assertEquals("en", t.language(), "the server's detected language wins");
            assertEquals(List.of(new Segment(0, 1250, "hello world."), new Segment(1250, 2500, "second part")),
                    t.segments());
        }
        assertEquals(1, requests.size());
        Recorded r = requests.get(0);
        assertEquals("POST", r.method());
        assertEquals("/v1/audio/transcriptions", r.path());
        String contentType = r.header("Content-Type");
        assertNotNull(contentType);
        assertTrue(contentType.startsWith("multipart/form-data"), contentType);

        Map<String, Part> parts = parseMultipart(contentType, r.body());
        Part file = parts.get("file");
        assertNotNull(file, "file part present, got " + parts.keySet());
        assertNotNull(file.fileName(), "file part carries a filename");
        assertWav16kMono16(file.content(), 16000);
        assertEquals("test-model", parts.get("model").text());
        assertEquals("verbose_json", parts.get("response_format").text());
        assertEquals("de", parts.get("language").text());
    }

    @Test
    void languageFieldOmittedWithoutHintAndConfiguredLanguageUsedAsFallback() throws Exception {
        try (Provider provider = open(Map.of())) {
            transcribeOnce(provider, null);
        }
        try (Provider provider = open(Map.of("language", "fr"))) {
            transcribeOnce(provider, null);
            transcribeOnce(provider, "it");
        }
        assertEquals(3, requests.size());
        assertFalse(parts(0).containsKey("language"), "no language sent when none is known");
        assertEquals("fr", parts(1).get("language").text());
        assertEquals("it", parts(2).get("language").text(), "request language overrides configured one");
    }

    @Test
    void languageFallsBackToRequestWhenServerDoesNotReportOne() throws Exception {
        handler = (exchange, body) -> respond(exchange, 200, "{\"text\":\"hi\"}");
        try (Provider provider = open(Map.of())) {
            Transcript t = transcribeOnce(provider, "nl");
            assertEquals("hi", t.text());
            assertEquals("nl", t.language());
            assertTrue(t.segments().isEmpty());
        }
    }

    // ---- b. error mapping ------------------------------------------------------------------

    @Test
    void http400IsRejectedAndNotTransient() throws Exception {
        handler = (exchange, body) -> respond(exchange, 400, "{\"error\":\"bad audio\"}");
        try (Provider provider = open(Map.of())) {
            AsrException e = assertThrows(AsrException.class, () -> transcribeOnce(provider, null));
            assertEquals(ErrorCode.PROVIDER_REJECTED, e.code());
            assertFalse(e.isTransient());
            assertTrue(e.getMessage().contains("400"), e.getMessage());
            assertTrue(e.getMessage().contains("bad audio"), "server's explanation is kept: " + e.getMessage());
        }
    }

    @Test
    void http503And429AreTransientFailures() throws Exception {
        for (int status : new int[] {503, 429}) {
            handler = (exchange, body) -> respond(exchange, status, "busy");
            try (Provider provider = open(Map.of())) {
                AsrException e = assertThrows(AsrException.class, () -> transcribeOnce(provider, null));
                assertEquals(ErrorCode.PROVIDER_FAILED, e.code(), "status " + status);
                assertTrue(e.isTransient());
                assertTrue(e.getMessage().contains(String.valueOf(status)), e.getMessage());
            }
        }
    }

    @Test
    void nonJsonSuccessBodyIsProviderFailure() throws Exception {
        handler = (exchange, body) -> respond(exchange, 200, "<html>this is not json</html>");
        try (Provider provider = open(Map.of())) {
            AsrException e = assertThrows(AsrException.class, () -> transcribeOnce(provider, null));
            assertEquals(ErrorCode.PROVIDER_FAILED, e.code());
        }
    }

    @Test
    void unreachableServerIsProviderFailure() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            closedPort = s.getLocalPort();
        }
        Provider provider = new ProviderRegistry().open(config(
                Map.of("base-url", "http://127.0.0.1:" + closedPort + "/v1", "model", "test-model")));
        try (provider) {
            AsrException e = assertThrows(AsrException.class, () -> transcribeOnce(provider, null));
            assertEquals(ErrorCode.PROVIDER_FAILED, e.code());
            assertTrue(e.isTransient());
        }
    }

    // ---- c. API key ------------------------------------------------------------------------

    @Test
    void noAuthorizationHeaderWhenKeyVariableIsUnset() throws Exception {
        assertNull(System.getenv("ASR_HUB_TEST_SURELY_UNSET"), "precondition: variable must not be set");
        try (Provider provider = open(Map.of("api-key-env", "ASR_HUB_TEST_SURELY_UNSET"))) {
            transcribeOnce(provider, null);
        }
        assertEquals(1, requests.size());
        assertNull(requests.get(0).header("Authorization"));
    }

    @Test
    void bearerTokenSentFromConfiguredVariable() throws Exception {
        // PATH is set in every environment that can run the JVM's tooling; its value stands in for a key.
        String key = System.getenv("PATH");
        org.junit.jupiter.api.Assumptions.assumeTrue(key != null && !key.isBlank());
        try (Provider provider = open(Map.of("api-key-env", "PATH"))) {
            transcribeOnce(provider, null);
        }
        assertEquals("Bearer " + key, requests.get(0).header("Authorization"));
    }

    // ---- d. configuration ------------------------------------------------------------------

    @Test
    void invalidOrMissingBaseUrlIsConfigInvalid() {
        for (String bad : new String[] {"file:///etc/passwd", "not a url", "ftp://example.com/v1", "localhost:8080"}) {
            AsrException e = assertThrows(AsrException.class,
                    () -> new ProviderRegistry().open(config(Map.of("base-url", bad))), bad);
            assertEquals(ErrorCode.CONFIG_INVALID, e.code(), bad);
        }
        AsrException missing = assertThrows(AsrException.class,
                () -> new ProviderRegistry().open(config(Map.of("model", "m"))));
        assertEquals(ErrorCode.CONFIG_INVALID, missing.code());
        assertTrue(missing.getMessage().contains("base-url"), missing.getMessage());
        assertTrue(requests.isEmpty());
    }

    @Test
    void trailingSlashOnBaseUrlIsTolerated() throws Exception {
        Provider provider = new ProviderRegistry().open(config(Map.of("base-url", baseUrl() + "/", "model", "m")));
        try (provider) {
            transcribeOnce(provider, null);
        }
        assertEquals("/v1/audio/transcriptions", requests.get(0).path());
    }

    // ---- e. the pool caps concurrent requests ----------------------------------------------

    @Test
    void poolOfTwoCapsConcurrentRequests() throws Exception {
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger maxInFlight = new AtomicInteger();
        handler = (exchange, body) -> {
            int now = inFlight.incrementAndGet();
            maxInFlight.accumulateAndGet(now, Math::max);
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                inFlight.decrementAndGet();
            }
            respond(exchange, 200, VERBOSE_JSON);
        };
        PoolOptions poolOptions = PoolOptions.builder().minSize(0).maxSize(2).warmUp(false)
                .acquireTimeout(Duration.ofSeconds(10)).build();
        Provider provider = open(Map.of());
        ExecutorService callers = Executors.newFixedThreadPool(6);
        try (RecognizerPool pool = RecognizerPool.start("http", provider, poolOptions, new SimpleMeterRegistry())) {
            PooledTranscriber transcriber = new PooledTranscriber(pool);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<PooledTranscriber.Result>> results = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                results.add(callers.submit(() -> {
                    go.await();
                    return transcriber.transcribe(request(null));
                }));
            }
            go.countDown();
            for (Future<PooledTranscriber.Result> f : results) {
                assertEquals("hello world. second part", f.get(10, TimeUnit.SECONDS).transcript().text());
            }
            assertTrue(pool.size() <= 2, "pool size " + pool.size());
        } finally {
            callers.shutdownNow();
        }
        assertEquals(6, requests.size());
        assertEquals(2, maxInFlight.get(), "server saw at most (and, with 6 callers, exactly) 2 concurrent requests");
    }

    // ---- helpers ---------------------------------------------------------------------------

    private Map<String, Part> parts(int index) {
        Recorded r = requests.get(index);
        return parseMultipart(r.header("Content-Type"), r.body());
    }

    record Part(String fileName, String contentType, byte[] content) {
        String text() {
            return new String(content, StandardCharsets.UTF_8);
        }
    }

    /** A small RFC 7578 parser; ISO-8859-1 keeps every byte as one char so binary parts survive. */
    static Map<String, Part> parseMultipart(String contentType, byte[] body) {
        Matcher m = Pattern.compile("boundary=\"?([^\";]+)\"?").matcher(contentType);
        assertTrue(m.find(), "boundary in " + contentType);
        String delimiter = "--" + m.group(1);
        String all = new String(body, StandardCharsets.ISO_8859_1);
        assertTrue(all.startsWith(delimiter + "\r\n"), "body starts with the boundary");
        assertTrue(all.endsWith(delimiter + "--\r\n") || all.endsWith(delimiter + "--"), "body ends with close delimiter");
        Map<String, Part> parts = new LinkedHashMap<>();
        int pos = delimiter.length() + 2;
        while (true) {
            int next = all.indexOf("\r\n" + delimiter, pos);
            assertTrue(next >= 0, "part is terminated by a boundary");
            String raw = all.substring(pos, next);
            int headerEnd = raw.indexOf("\r\n\r\n");
            assertTrue(headerEnd >= 0, "part has headers");
            String headers = raw.substring(0, headerEnd);
            byte[] content = raw.substring(headerEnd + 4).getBytes(StandardCharsets.ISO_8859_1);
            Matcher name = Pattern.compile("name=\"([^\"]*)\"").matcher(headers);
            assertTrue(name.find(), "part has a name: " + headers);
            Matcher fileName = Pattern.compile("filename=\"([^\"]*)\"").matcher(headers);
            Matcher type = Pattern.compile("(?i)Content-Type:\\s*(\\S+)").matcher(headers);
            assertFalse(parts.containsKey(name.group(1)), "duplicate part " + name.group(1));
            parts.put(name.group(1), new Part(fileName.find() ? fileName.group(1) : null,
                    type.find() ? type.group(1) : null, content));
            pos = next + 2 + delimiter.length();
            if (all.startsWith("--", pos)) {
                break;
            }
            assertTrue(all.startsWith("\r\n", pos));
            pos += 2;
        }
        return parts;
    }

    private static void assertWav16kMono16(byte[] wav, int samples) {
        assertTrue(wav.length >= 44, "WAV header present");
        ByteBuffer b = ByteBuffer.wrap(wav).order(ByteOrder.LITTLE_ENDIAN);
        assertArrayEquals("RIFF".getBytes(StandardCharsets.US_ASCII), java.util.Arrays.copyOfRange(wav, 0, 4));
        assertEquals(wav.length - 8, b.getInt(4), "RIFF chunk size");
        assertArrayEquals("WAVE".getBytes(StandardCharsets.US_ASCII), java.util.Arrays.copyOfRange(wav, 8, 12));
        assertArrayEquals("fmt ".getBytes(StandardCharsets.US_ASCII), java.util.Arrays.copyOfRange(wav, 12, 16));
        assertEquals(1, b.getShort(20), "PCM");
        assertEquals(1, b.getShort(22), "mono");
        assertEquals(16000, b.getInt(24), "sample rate");
        assertEquals(16, b.getShort(34), "bits per sample");
        assertArrayEquals("data".getBytes(StandardCharsets.US_ASCII), java.util.Arrays.copyOfRange(wav, 36, 40));
        assertEquals(samples * 2, b.getInt(40), "data size");
        assertEquals(44 + samples * 2, wav.length);
    }
}
