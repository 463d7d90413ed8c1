package io.asrhub.it;

import io.asrhub.client.ResultReader;
import io.asrhub.config.AudioLimits;
import io.asrhub.config.PoolOptions;
import io.asrhub.config.ProviderConfig;
import io.asrhub.schema.JobStatus;
import io.asrhub.schema.TranscriptResult;
import io.asrhub.testsupport.Speech;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The failure policy in share mode, on a real broker: the same pipeline as consumer mode, so a
 * backend outage opens the breaker and is waited out with every delivery kept (its lock renewed),
 * not released for instant redelivery until the delivery limit dead-letters it.
 */
@ExtendWith(SharedKafka.class)
class ShareModeFailuresIT {
    /**
     * As ProviderFailuresIT's outage: five times the back-off cap and 20 times the breaker's open period
     * (the 20 s outage against a 4 s cap and 1 s, scaled to 5 s; run with the 20 s values, it
     * gave the same outcome: 0 dead letters, 30/30 answered).
     */
    @Test
    void anOutageInShareModeDeadLettersNothingAndEveryJobIsAnsweredAfterwards() throws Exception {
        Duration outage = Duration.ofSeconds(5);
        try (FakeOpenAiServer server = new FakeOpenAiServer("back again");
             WorkerHarness h = new WorkerHarness(SharedKafka.bootstrap(), Map.of("worker.group-type", "share",
                     "worker.breaker-failures", "3", "worker.breaker-open-ms", "250",
                     "worker.retry-backoff-max-ms", "1000", "lanes.small-reserved-slots", "0"))) {
            server.down = true;
            ProviderConfig remote = new ProviderConfig("openai-http", PoolOptions.builder().minSize(2).maxSize(2)
                    .warmUp(false).build(), 1, null, Map.of("base-url", server.baseUrl(), "model", "remote"));
            h.startWorker(Map.of("remote", remote), Map.of(), "remote", "share-outage", AudioLimits.DEFAULT);
            ResultReader results = h.results();
            ResultReader deadLetters = h.deadLetters();
            Path clip = Speech.wav("short", Speech.SHORT);
            Set<String> ids = new HashSet<>();
            for (int i = 0; i < 30; i++) {
                ids.add(h.submitter.submit(clip, null).jobId());
            }
            long outageEnds = System.nanoTime() + outage.toNanos();
            List<TranscriptResult> letters = new ArrayList<>();
            while (System.nanoTime() < outageEnds) { // the outage itself, watching the dead-letter topic
                letters.addAll(deadLetters.poll(Duration.ofMillis(200)));
            }
            assertTrue(gauge(h, "asr.provider.breaker.opened") >= 1, "the breaker opened during the outage");
            server.down = false;
            List<TranscriptResult> got = results.readUntil(r -> okIds(r).containsAll(ids), WorkerHarness.seconds(90));
            letters.addAll(deadLetters.poll(Duration.ofMillis(500)));
            assertEquals(0, letters.size(), "dead letters during/after the outage: " + letters);
            assertTrue(okIds(got).containsAll(ids), "all 30 transcribed after the backend returned");
            assertTrue(gauge(h, "asr.provider.breaker.closed") >= 1, "the breaker closed again");
            System.out.printf("share-mode outage: 30 jobs, %d backend requests, %d dead letters, breaker opened %.0f"
                    + " / closed %.0f times%n", server.requests.get(), letters.size(),
                    gauge(h, "asr.provider.breaker.opened"), gauge(h, "asr.provider.breaker.closed"));
        }
    }

    private static double gauge(WorkerHarness h, String name) {
        return h.registry.get(name).tag("pool", "remote").gauge().value();
    }

    private static Set<String> okIds(List<TranscriptResult> results) {
        Set<String> out = new HashSet<>();
        results.stream().filter(r -> r.getStatus() == JobStatus.OK).forEach(r -> out.add(r.getJobId()));
        return out;
    }
}
