package io.asrhub.it;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A small OpenAI-compatible transcription server for integration tests: it can be "down"
 * (HTTP 503, as a backend during an outage), hold requests until released, and counts requests
 * and their concurrency. A real HTTP server on loopback, so the worker's real client is used.
 */
final class FakeOpenAiServer implements AutoCloseable {
    final AtomicInteger requests = new AtomicInteger();
    final AtomicInteger inFlight = new AtomicInteger();
    final AtomicInteger maxInFlight = new AtomicInteger();
    volatile boolean down;
    volatile long delayMillis;
    volatile CountDownLatch hold;
    private final HttpServer server;
    private final ExecutorService threads = Executors.newFixedThreadPool(16);

    FakeOpenAiServer(String text) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(threads);
        server.createContext("/v1/audio/transcriptions", exchange -> {
            requests.incrementAndGet();
            maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            try {
                exchange.getRequestBody().readAllBytes();
                CountDownLatch h = hold;
                if (h != null) {
                    h.await(60, TimeUnit.SECONDS);
                }
                if (delayMillis > 0) {
                    Thread.sleep(delayMillis);
                }
                byte[] body;
                int status;
                if (down) {
                    status = 503;
                    body = "{\"error\":{\"message\":\"temporarily unavailable\"}}".getBytes(StandardCharsets.UTF_8);
                } else {
                    status = 200;
                    body = ("{\"text\":\"" + text + "\",\"language\":\"en\",\"segments\":"
                            + "[{\"start\":0.0,\"end\":1.0,\"text\":\"" + text + "\"}]}").getBytes(StandardCharsets.UTF_8);
                }
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(status, body.length);
                exchange.getResponseBody().write(body);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                inFlight.decrementAndGet();
                exchange.close();
            }
        });
        server.start();
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
    }

    @Override
    public void close() {
        CountDownLatch h = hold;
        if (h != null) {
            h.countDown();
        }
        server.stop(0);
        threads.shutdownNow();
    }
}
