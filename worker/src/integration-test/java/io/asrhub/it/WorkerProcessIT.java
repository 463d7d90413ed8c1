package io.asrhub.it;

import io.asrhub.broker.LocalKafkaBroker;
import io.asrhub.client.ResultReader;
import io.asrhub.schema.JobStatus;
import io.asrhub.schema.TranscriptResult;
import io.asrhub.testsupport.Speech;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The packaged `asr-hub worker` as a real process, configured by environment, stopped by SIGTERM. */
@org.junit.jupiter.api.Order(3) // among the longest: started first so that it does not end the run alone
@ExtendWith(SharedKafka.class)
@org.junit.jupiter.api.parallel.Execution(org.junit.jupiter.api.parallel.ExecutionMode.CONCURRENT) // own harness (and broker) each
class WorkerProcessIT {
    @Test
    void workerProcessServesJobsAndStopsCleanlyOnSigterm() throws Exception {
        try (WorkerHarness h = new WorkerHarness(SharedKafka.bootstrap(), Map.of())) {
            ResultReader results = h.results();
            Path log = Files.createTempFile(Path.of("target"), "worker-process", ".log");
            int metricsPort;
            try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
                metricsPort = socket.getLocalPort();
            }
            Process worker = WorkerProcess.start(h.settings, "worker-process", 1,
                    Map.of("ASR_HUB_METRICS_PORT", String.valueOf(metricsPort)), log);
            try {
                String id = h.submitter.submit(Speech.wav("short", Speech.SHORT), null).jobId();
                List<TranscriptResult> got = results.readUntil(r -> !r.isEmpty(), WorkerHarness.seconds(60));
                assertEquals(1, got.size(), Files.readString(log));
                assertEquals(id, got.get(0).getJobId());
                assertEquals(JobStatus.OK, got.get(0).getStatus());
                assertEquals("worker-process", got.get(0).getWorkerId(), "env configuration reached the worker");
                java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
                String scrape = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(
                        "http://127.0.0.1:" + metricsPort + "/metrics")).build(),
                        java.net.http.HttpResponse.BodyHandlers.ofString()).body();
                assertTrue(scrape.contains("asr_jobs_completed_total{lane=\"small\",pool=\"whisper\",status=\"ok\"} 1.0"),
                        scrape);
                assertTrue(scrape.contains("asr_jobs_dead_lettered_total{code=\"none\",lane=\"large\",pool=\"whisper\"} 0.0"),
                        "counters exist at zero before any event: " + scrape);
                assertTrue(scrape.contains("asr_worker_ready 1.0"), scrape);
                assertTrue(scrape.contains("jvm_gc_"), "JVM binders are registered");
                assertTrue(scrape.contains("asr_pool_instances{pool=\"whisper\"} 1.0"), scrape);
                for (String endpoint : List.of("/healthz", "/livez", "/readyz")) {
                    assertEquals(200, http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(
                            "http://127.0.0.1:" + metricsPort + endpoint)).build(),
                            java.net.http.HttpResponse.BodyHandlers.ofString()).statusCode(), endpoint);
                }
                worker.destroy(); // SIGTERM
                assertTrue(worker.waitFor(45, TimeUnit.SECONDS), "worker exits after SIGTERM");
                assertTrue(worker.exitValue() == 0 || worker.exitValue() == 143, "SIGTERM is a requested stop: "
                        + worker.exitValue());
                String output = Files.readString(log);
                assertTrue(output.contains("stopping"), output);
                assertEquals(0, h.uncommitted(), "final commit happened before leaving the group");
            } finally {
                worker.destroyForcibly();
            }
        }
    }

    /**
     * Probes that do not restart healthy pods: while its broker is down (killed with SIGKILL) the
     * worker process stays live, becomes not ready and says so in a meter; when the broker is back
     * it becomes ready again and answers jobs, in the same process.
     */
    @Test
    void aBrokerOutageMakesTheWorkerNotReadyButKeepsItLiveAndItRecoversWithoutARestart() throws Exception {
        try (LocalKafkaBroker broker = LocalKafkaBroker.start(Path.of("target", "kafka-outage"));
             WorkerHarness h = new WorkerHarness(broker.bootstrapServers(), Map.of())) {
            int metricsPort;
            try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
                metricsPort = socket.getLocalPort();
            }
            Path log = Files.createTempFile(Path.of("target"), "worker-outage", ".log");
            Process worker = WorkerProcess.start(h.settings, "worker-outage", 1, Map.of(
                    "ASR_HUB_WORKER_BROKER_TIMEOUT_MS", "4000", "ASR_HUB_METRICS_PORT", String.valueOf(metricsPort)), log);
            java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
            try {
                WorkerHarness.waitUntil(() -> status(http, metricsPort, "/readyz") == 200, WorkerHarness.seconds(60));
                long outageStart = System.nanoTime();
                broker.killHard();
                WorkerHarness.waitUntil(() -> status(http, metricsPort, "/readyz") == 503, WorkerHarness.seconds(30));
                long notReadyAfterMs = (System.nanoTime() - outageStart) / 1_000_000;
                assertEquals(200, status(http, metricsPort, "/livez"), "not ready, still live");
                // Well past the readiness timeout (4 s): still live, and the meters say why it is not ready.
                WorkerHarness.waitUntil(() -> unreachableSeconds(http, metricsPort) >= 10, WorkerHarness.seconds(30));
                assertEquals(200, status(http, metricsPort, "/livez"));
                String scrape = body(http, metricsPort, "/metrics");
                assertTrue(scrape.contains("asr_worker_broker_reachable 0.0"), scrape);
                assertTrue(scrape.contains("asr_worker_live 1.0") && scrape.contains("asr_worker_ready 0.0"), scrape);
                assertTrue(Files.readString(log).contains("is unreachable"), Files.readString(log));

                long restartStart = System.nanoTime();
                broker.restart();
                long returnStart = System.nanoTime(); // the broker answers its own readiness check from here
                WorkerHarness.waitUntil(() -> status(http, metricsPort, "/readyz") == 200, WorkerHarness.seconds(60));
                long readyAfterMs = (System.nanoTime() - returnStart) / 1_000_000;
                assertTrue(worker.isAlive(), "the same process throughout");
                ResultReader results = h.results();
                String id = h.submitter.submit(Speech.wav("short", Speech.SHORT), null).jobId();
                List<TranscriptResult> got = results.readUntil(r -> !r.isEmpty(), WorkerHarness.seconds(60));
                assertEquals(1, got.size(), Files.readString(log));
                assertEquals(id, got.get(0).getJobId());
                assertTrue(Files.readString(log).contains("reachable again"), Files.readString(log));
                System.out.printf("broker outage: not ready %d ms after the broker was killed (timeout 4000 ms), live "
                        + "throughout; the broker took %d ms to restart; the worker was ready again %d ms after"
                        + " that; job answered%n", notReadyAfterMs, (returnStart - restartStart) / 1_000_000,
                        readyAfterMs);
            } finally {
                worker.destroyForcibly();
                worker.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    private static double unreachableSeconds(java.net.http.HttpClient http, int port) {
        return body(http, port, "/metrics").lines().filter(l -> l.startsWith("asr_worker_broker_unreachable_seconds "))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.indexOf(' ') + 1))).findFirst().orElse(0);
    }

    private static String body(java.net.http.HttpClient http, int port, String path) {
        try {
            return http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + port + path))
                    .build(), java.net.http.HttpResponse.BodyHandlers.ofString()).body();
        } catch (Exception e) {
            return "";
        }
    }

    private static int status(java.net.http.HttpClient http, int port, String path) {
        try {
            return http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + port + path))
                    .build(), java.net.http.HttpResponse.BodyHandlers.ofString()).statusCode();
        } catch (Exception e) {
            return -1; // not serving yet
        }
    }
}
