package io.asrhub.it;

import io.asrhub.config.AudioLimits;
import io.asrhub.config.ProviderConfig;
import io.asrhub.client.ResultReader;
import io.asrhub.config.PoolOptions;
import io.asrhub.schema.JobStatus;
import io.asrhub.schema.TranscriptResult;
import io.asrhub.testsupport.Speech;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

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
        FakeOpenAiServer server = new FakeOpenAiServer("hello from the server");
        server.delayMillis = 300;
        try (WorkerHarness h = new WorkerHarness(SharedKafka.bootstrap(), Map.of())) {
            ProviderConfig config = new ProviderConfig("openai-http", PoolOptions.builder().minSize(2).maxSize(2)
                    .warmUp(false).build(), 1, null, Map.of("base-url",
                    server.baseUrl(), "model", "remote-whisper"));
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
                assertEquals(1000, r.getSegments().get(0).getEndMs());
            }
            assertTrue(server.maxInFlight.get() <= 2, "pool of 2 caps concurrent backend requests: "
                    + server.maxInFlight.get());
        } finally {
            server.close();
        }
    }
}
