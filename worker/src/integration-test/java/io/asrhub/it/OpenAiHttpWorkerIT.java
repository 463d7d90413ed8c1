package io.asrhub.it;

import com.sun.net.httpserver.HttpServer;
import io.asrhub.config.AudioLimits;
import io.asrhub.config.ProviderConfig;
import io.asrhub.client.ResultReader;
import io.asrhub.config.PoolOptions;
import io.asrhub.schema.JobStatus;
import io.asrhub.schema.TranscriptResult;
import io.asrhub.testsupport.Speech;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The same worker on the second engine: jobs from Kafka go to an OpenAI-compatible server (a
 * small one started here), at most pool-size requests at a time.
 */
@ExtendWith(SharedKafka.class)
class OpenAiHttpWorkerIT {
    @Test
    void workerTranscribesThroughAnOpenAiCompatibleServer() throws Exception {
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger maxInFlight = new AtomicInteger();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newFixedThreadPool(8));
        server.createContext("/v1/audio/transcriptions", exchange -> {
            maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            try {
                exchange.getRequestBody().readAllBytes();
                Thread.sleep(300);
                byte[] body = ("{\"text\":\"hello from the server\",\"language\":\"en\",\"segments\":"
                        + "[{\"start\":0.0,\"end\":1.5,\"text\":\"hello from the server\"}]}")
                        .getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                inFlight.decrementAndGet();
                exchange.close();
            }
        });
        server.start();
        try (WorkerHarness h = new WorkerHarness(SharedKafka.bootstrap(), Map.of())) {
            ProviderConfig config = new ProviderConfig("openai-http", PoolOptions.builder().minSize(2).maxSize(2)
                    .warmUp(false).build(), 1, null, Map.of("base-url",
                    "http://127.0.0.1:" + server.getAddress().getPort() + "/v1", "model", "remote-whisper"));
            h.startWorker(config, "worker-http", AudioLimits.DEFAULT);
            ResultReader results = h.results();
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                ids.add(h.submitter.submit(Speech.wav("short", Speech.SHORT), null).jobId());
            }
            List<TranscriptResult> got = results.readUntil(r -> r.size() >= 6, WorkerHarness.seconds(60));
            assertEquals(6, got.size());
            for (TranscriptResult r : got) {
                assertTrue(ids.contains(r.getJobId()));
                assertEquals(JobStatus.OK, r.getStatus());
                assertEquals("openai-http", r.getProvider());
                assertEquals("remote-whisper", r.getModel());
                assertEquals("hello from the server", r.getText());
                assertEquals(1500, r.getSegments().get(0).getEndMs());
            }
            assertTrue(maxInFlight.get() <= 2, "pool of 2 caps concurrent backend requests: " + maxInFlight.get());
        } finally {
            server.stop(0);
        }
    }
}
