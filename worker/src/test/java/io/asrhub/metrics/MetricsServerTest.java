package io.asrhub.metrics;

import io.asrhub.config.PoolOptions;
import io.asrhub.pool.RecognizerPool;
import io.asrhub.testsupport.FakeProvider;
import org.junit.jupiter.api.Test;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MetricsServerTest {
    @Test
    void servesPoolMetersInPrometheusFormat() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        try (MetricsServer server = new MetricsServer().start(port);
             RecognizerPool pool = RecognizerPool.start("whisper", new FakeProvider(),
                     PoolOptions.builder().minSize(2).maxSize(3).build(), server.registry())) {
            HttpClient client = HttpClient.newHttpClient();
            HttpResponse<String> metrics = client.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/metrics")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, metrics.statusCode());
            assertTrue(metrics.body().contains("asr_pool_instances{pool=\"whisper\"} 2.0"), metrics.body());
            assertTrue(metrics.body().contains("asr_pool_max{pool=\"whisper\"} 3.0"), metrics.body());
            HttpResponse<String> health = client.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/healthz")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, health.statusCode());
            assertEquals(2, pool.size());
            server.healthCheck(() -> false);
            HttpResponse<String> down = client.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/healthz")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(503, down.statusCode(), "a stopped worker is reported unhealthy so Kubernetes restarts it");
        }
    }
}
