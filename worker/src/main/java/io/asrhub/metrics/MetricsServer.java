package io.asrhub.metrics;

import com.sun.net.httpserver.HttpServer;
import io.asrhub.errors.AsrException;
import io.asrhub.errors.ErrorCode;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.io.IOException;
import java.io.OutputStream;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/** Serves {@code /metrics} (Prometheus text format) and {@code /healthz} for Kubernetes and KEDA. */
public final class MetricsServer implements AutoCloseable {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private HttpServer server;
    private volatile java.util.function.BooleanSupplier healthy = () -> true;
    private volatile java.util.function.BooleanSupplier ready = () -> true;

    /** What {@code /livez} and {@code /healthz} report: 200 while this says true, 503 after. */
    public MetricsServer healthCheck(java.util.function.BooleanSupplier check) {
        this.healthy = check;
        return this;
    }

    /** What {@code /readyz} reports: 200 once this says true (and while live), 503 otherwise. */
    public MetricsServer readinessCheck(java.util.function.BooleanSupplier check) {
        this.ready = check;
        return this;
    }

    public PrometheusMeterRegistry registry() {
        return registry;
    }

    /** Starts serving on {@code port}; 0 disables the endpoint (meters are still recorded). */
    public MetricsServer start(int port) throws IOException, AsrException {
        if (port <= 0) {
            return this;
        }
        try {
            server = HttpServer.create(new InetSocketAddress(port), 0);
        } catch (BindException e) {
            // A configuration problem, reported as one line rather than a stack trace.
            throw new AsrException(ErrorCode.CONFIG_INVALID, "metrics port " + port
                    + " is already in use (set metrics.port / ASR_HUB_METRICS_PORT to a free port, or 0 to disable)", e);
        }
        server.createContext("/metrics", exchange -> respond(exchange, 200, registry.scrape()));
        server.createContext("/healthz", exchange -> {
            boolean ok = healthy.getAsBoolean();
            respond(exchange, ok ? 200 : 503, ok ? "ok\n" : "not live\n");
        });
        server.createContext("/livez", exchange -> {
            boolean ok = healthy.getAsBoolean();
            respond(exchange, ok ? 200 : 503, ok ? "live\n" : "not live\n");
        });
        server.createContext("/readyz", exchange -> {
            boolean ok = healthy.getAsBoolean() && ready.getAsBoolean();
            respond(exchange, ok ? 200 : 503, ok ? "ready\n" : "not ready\n");
        });
        server.start();
        return this;
    }

    public int port() {
        return server == null ? 0 : server.getAddress().getPort();
    }

    private static void respond(com.sun.net.httpserver.HttpExchange exchange, int status, String body)
            throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        if (server != null) {
            server.stop(0);
        }
        registry.close();
    }
}
