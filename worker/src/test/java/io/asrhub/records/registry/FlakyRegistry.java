package io.asrhub.records.registry;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.apache.avro.Schema;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A registry over real HTTP on loopback that answers {@code GET /schemas/ids/N} like Confluent's
 * API, and can be made to fail (HTTP 503) or to hang until released, to test what readers do
 * while the registry does not answer.
 */
public final class FlakyRegistry implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpServer server;
    private final Map<Integer, String> schemas = new ConcurrentHashMap<>();
    private final AtomicInteger requests = new AtomicInteger();
    private volatile boolean answering;
    private volatile CountDownLatch hang;

    public FlakyRegistry() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "flaky-registry");
            t.setDaemon(true);
            return t;
        }));
        server.createContext("/", this::handle);
        server.start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public FlakyRegistry with(int id, Schema schema) {
        schemas.put(id, schema.toString());
        return this;
    }

    /** false: every request gets HTTP 503. */
    public void answering(boolean on) {
        answering = on;
    }

    /** Requests wait (no answer) until {@link #release()}. */
    public void hang() {
        hang = new CountDownLatch(1);
    }

    public void release() {
        CountDownLatch h = hang;
        if (h != null) {
            h.countDown();
        }
    }

    public int requests() {
        return requests.get();
    }

    private void handle(HttpExchange x) throws IOException {
        requests.incrementAndGet();
        try (x) {
            CountDownLatch h = hang;
            if (h != null) {
                h.await(30, TimeUnit.SECONDS);
            }
            String[] path = x.getRequestURI().getPath().split("/");
            if (!answering) {
                reply(x, 503, Map.of("error_code", 50301, "message", "unavailable"));
            } else if (path.length == 4 && path[1].equals("schemas") && schemas.containsKey(Integer.parseInt(path[3]))) {
                reply(x, 200, Map.of("schema", schemas.get(Integer.parseInt(path[3]))));
            } else {
                reply(x, 404, Map.of("error_code", 40403, "message", "Schema not found"));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void reply(HttpExchange x, int status, Object body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        x.getResponseHeaders().set("Content-Type", "application/vnd.schemaregistry.v1+json");
        x.sendResponseHeaders(status, bytes.length);
        x.getResponseBody().write(bytes);
    }

    @Override
    public void close() {
        release();
        server.stop(0);
    }
}
