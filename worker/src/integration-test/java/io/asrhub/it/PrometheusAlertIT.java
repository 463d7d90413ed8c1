package io.asrhub.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.asrhub.records.Lane;
import io.asrhub.testsupport.TinyWhisperModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A real Prometheus server (Debian's package) scrapes a running `asr-hub worker` process and
 * evaluates the shipped rule file (deploy/prometheus/asr-hub-rules.yaml): malformed records sent
 * to a lane must raise the dead-letter alert for that lane.
 */
@ExtendWith(SharedKafka.class)
class PrometheusAlertIT {
    private static final Path PROMETHEUS = Path.of("/usr/bin/prometheus");
    private static final Path RULES = Path.of("..", "deploy", "prometheus", "asr-hub-rules.yaml").toAbsolutePath();
    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void deadLettersRaiseTheDeadLetterAlertInARealPrometheus() throws Exception {
        assumeTrue(Files.isExecutable(PROMETHEUS), "Prometheus server not installed (apt-get install prometheus)");
        Path jar = Path.of("target", "asr-hub.jar");
        assertTrue(Files.isRegularFile(jar), "run after `mvn package`: " + jar.toAbsolutePath());
        Path work = Files.createTempDirectory(Path.of("target"), "prometheus-it").toAbsolutePath();
        int metricsPort = freePort();
        int prometheusPort = freePort();
        try (WorkerHarness h = new WorkerHarness(SharedKafka.bootstrap(), Map.of())) {
            Process worker = startWorker(jar, h, metricsPort, work.resolve("worker.log"));
            Process prometheus = null;
            try {
                Path config = Files.writeString(work.resolve("prometheus.yml"), String.join("\n",
                        "global: {scrape_interval: 1s, evaluation_interval: 1s}",
                        "rule_files: ['" + RULES + "']",
                        "scrape_configs:",
                        "  - job_name: asr-hub",
                        "    static_configs: [{targets: ['127.0.0.1:" + metricsPort + "']}]", ""));
                prometheus = new ProcessBuilder(PROMETHEUS.toString(), "--config.file=" + config,
                        "--storage.tsdb.path=" + work.resolve("data"),
                        "--web.listen-address=127.0.0.1:" + prometheusPort)
                        .redirectErrorStream(true).redirectOutput(work.resolve("prometheus.log").toFile()).start();
                String api = "http://127.0.0.1:" + prometheusPort + "/api/v1/";
                String logs = "see " + work;

                // Scraping works: a meter that exists from the start is queryable.
                awaitQuery(api, "asr_pool_max{job=\"asr-hub\"}", r -> r.size() == 1, logs);

                // The first dead letter creates the counter at 1; the second makes its rate positive.
                h.submitter.sendRaw(Lane.SMALL, "bad-1", "not avro".getBytes(StandardCharsets.UTF_8));
                awaitQuery(api, "asr_jobs_dead_lettered_total{lane=\"small\",code=\"MALFORMED_RECORD\"}",
                        r -> r.size() == 1 && r.get(0).at("/value/1").asDouble() == 1.0, logs);
                h.submitter.sendRaw(Lane.SMALL, "bad-2", new byte[]{(byte) 0xC3, 0x01, 1, 2, 3});

                JsonNode alert = await(() -> {
                    for (JsonNode a : get(api + "alerts").at("/data/alerts")) {
                        if (a.at("/labels/alertname").asText().equals("AsrHubDeadLetterRateHigh")
                                && a.at("/labels/lane").asText().equals("small")) {
                            return a;
                        }
                    }
                    return null;
                }, "AsrHubDeadLetterRateHigh for lane small; " + logs);
                String state = alert.path("state").asText();
                assertTrue(state.equals("pending") || state.equals("firing"), alert.toString());
                assertTrue(alert.path("value").asText().length() > 0, alert.toString());
            } finally {
                if (prometheus != null) {
                    prometheus.destroy();
                    prometheus.waitFor(20, TimeUnit.SECONDS);
                    prometheus.destroyForcibly();
                }
                worker.destroy();
                worker.waitFor(45, TimeUnit.SECONDS);
                worker.destroyForcibly();
            }
        }
    }

    private static Process startWorker(Path jar, WorkerHarness h, int metricsPort, Path log) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(io.asrhub.testsupport.ChildJvm.java("-jar", jar.toString(), "worker",
                "--model", TinyWhisperModel.shared().toString(), "--pool", "1"))
                .redirectErrorStream(true).redirectOutput(log.toFile());
        Map<String, String> env = pb.environment();
        env.putAll(WorkerProcess.kafkaEnvironment(h.settings));
        env.put("ASR_HUB_METRICS_PORT", String.valueOf(metricsPort));
        return pb.start();
    }

    private void awaitQuery(String api, String promql, Predicate<JsonNode> done, String context) throws Exception {
        String url = api + "query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8);
        await(() -> {
            JsonNode result = get(url).at("/data/result");
            return done.test(result) ? result : null;
        }, promql + "; " + context);
    }

    private JsonNode get(String url) {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 ? json.readTree(response.body()) : json.createObjectNode();
        } catch (java.io.IOException e) {
            return json.createObjectNode(); // Prometheus still starting
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Polls until {@code probe} returns a value (Prometheus scrapes and evaluates every second). */
    private static JsonNode await(java.util.function.Supplier<JsonNode> probe, String what) throws Exception {
        java.util.concurrent.atomic.AtomicReference<JsonNode> value = new java.util.concurrent.atomic.AtomicReference<>();
        io.asrhub.testsupport.Await.until(what, () -> {
            value.set(probe.get());
            return value.get() != null;
        }, java.time.Duration.ofSeconds(90));
        return value.get();
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
