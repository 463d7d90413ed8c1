package io.asrhub.it;

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
@ExtendWith(SharedKafka.class)
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

    /** A worker pointed at a broker that is not there says so within seconds and stops being live. */
    @Test
    void anUnreachableBrokerIsLoggedAndFailsLiveness() throws Exception {
        int deadPort;
        int metricsPort;
        try (java.net.ServerSocket a = new java.net.ServerSocket(0); java.net.ServerSocket b = new java.net.ServerSocket(0)) {
            deadPort = a.getLocalPort();
            metricsPort = b.getLocalPort();
        }
        Path log = Files.createTempFile(Path.of("target"), "worker-unreachable", ".log");
        io.asrhub.kafka.WorkerSettings unreachable = io.asrhub.kafka.WorkerSettings.read(
                io.asrhub.config.Settings.of(Map.of("kafka.bootstrap-servers", "127.0.0.1:" + deadPort)));
        Process worker = WorkerProcess.start(unreachable, "worker-unreachable", 1, Map.of(
                "ASR_HUB_WORKER_BROKER_TIMEOUT_MS", "4000", "ASR_HUB_METRICS_PORT", String.valueOf(metricsPort)), log);
        try {
            WorkerHarness.waitUntil(() -> Files.readString(log).contains("is unreachable"), WorkerHarness.seconds(20));
            java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
            WorkerHarness.waitUntil(() -> status(http, metricsPort, "/livez") == 503, WorkerHarness.seconds(20));
            assertEquals(503, status(http, metricsPort, "/readyz"), "never assigned: not ready");
            assertTrue(worker.isAlive(), "not live, but left to the orchestrator to restart");
        } finally {
            worker.destroyForcibly();
            worker.waitFor(10, TimeUnit.SECONDS);
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
