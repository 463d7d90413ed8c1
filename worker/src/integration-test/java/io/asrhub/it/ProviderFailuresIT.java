package io.asrhub.it;

import io.asrhub.client.ResultReader;
import io.asrhub.config.AudioLimits;
import io.asrhub.config.PoolOptions;
import io.asrhub.config.ProviderConfig;
import io.asrhub.schema.JobStatus;
import io.asrhub.schema.TranscriptResult;
import io.asrhub.testsupport.Speech;
import io.asrhub.testsupport.TinyWhisperModel;
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
 * The failure policy and several providers on a real broker: a backend outage is waited out
 * (breaker opens and closes, nothing dead-lettered); whisper and openai-http served by one
 * worker, each capped by its own pool, with routing by hint; the fallback while a breaker is open.
 */
@ExtendWith(SharedKafka.class)
class ProviderFailuresIT {
    private static ProviderConfig http(FakeOpenAiServer server, int slots) {
        return new ProviderConfig("openai-http", PoolOptions.builder().minSize(slots).maxSize(slots).warmUp(false)
                .build(), 1, null, Map.of("base-url", server.baseUrl(), "model", "remote"));
    }

    private static ProviderConfig whisper(int slots) throws Exception {
        return new ProviderConfig("whisper", PoolOptions.builder().minSize(slots).maxSize(slots).build(), 1,
                TinyWhisperModel.shared(), Map.of());
    }

    /**
     * The outage lasts five times the retry back-off cap and 20 times the breaker's open period (as the
     * 20 s outage did against a 4 s cap and 1 s), so jobs go through several back-off rounds and the
     * breaker through several open/probe cycles; the values are short so the test waits 5 s, not 20 s.
     */
    @Test
    void aBackendOutageLongerThanTheBackoffCapDeadLettersNothingAndEveryJobIsAnsweredAfterwards() throws Exception {
        outage("consumer");
    }

    /**
     * The same outage in share mode: the same pipeline waits it out, every delivery kept (its lock
     * renewed) instead of released for instant redelivery until the delivery limit dead-letters it.
     * Run once with the 20 s outage, 4 s cap and 1 s open period: the same outcome.
     */
    @Test
    void inShareModeTheSameOutageDeadLettersNothingEither() throws Exception {
        outage("share");
    }

    private void outage(String groupType) throws Exception {
        Duration outage = Duration.ofSeconds(5);
        try (FakeOpenAiServer server = new FakeOpenAiServer("back again");
             WorkerHarness h = new WorkerHarness(SharedKafka.bootstrap(), Map.of("worker.breaker-failures", "3",
                     "worker.breaker-open-ms", "250", "worker.retry-backoff-max-ms", "1000",
                     "lanes.small-reserved-slots", "0", "worker.group-type", groupType))) {
            server.down = true;
            h.startWorker(Map.of("remote", http(server, 2)), Map.of(), "remote", "worker-outage", AudioLimits.DEFAULT);
            ResultReader results = h.results();
            ResultReader deadLetters = h.deadLetters();
            Path clip = Speech.wav("short", Speech.SHORT);
            Set<String> ids = new HashSet<>();
            for (int i = 0; i < 30; i++) {
                ids.add(h.submitter.submit(clip, null).jobId());
            }
            List<TranscriptResult> letters = new ArrayList<>();
            // The outage runs its length after the worker has met it (the breaker opened): a share
            // group can take several seconds to assign on a loaded machine, and an outage that ends
            // before the first job is tried tests nothing.
            long openDeadline = System.nanoTime() + WorkerHarness.seconds(60).toNanos();
            while (gauge(h, "asr.provider.breaker.opened") < 1 && System.nanoTime() < openDeadline) {
                letters.addAll(deadLetters.poll(Duration.ofMillis(200)));
            }
            assertTrue(gauge(h, "asr.provider.breaker.opened") >= 1, "the breaker opened during the outage");
            long outageEnds = System.nanoTime() + outage.toNanos();
            while (System.nanoTime() < outageEnds) { // the outage itself, watching the dead-letter topic
                letters.addAll(deadLetters.poll(Duration.ofMillis(200)));
            }
            server.down = false;
            List<TranscriptResult> got = results.readUntil(r -> okIds(r).containsAll(ids), WorkerHarness.seconds(90));
            letters.addAll(deadLetters.poll(Duration.ofMillis(500)));
            assertEquals(0, letters.size(), "dead letters during/after the outage: " + letters);
            assertTrue(okIds(got).containsAll(ids), "all 30 transcribed after the backend returned");
            assertTrue(gauge(h, "asr.provider.breaker.closed") >= 1, "the breaker closed again");
            assertEquals(0, gauge(h, "asr.provider.breaker.state"));
            System.out.printf("outage (%s): 30 jobs, %d backend requests, %d dead letters, breaker opened %.0f / closed"
                    + " %.0f times%n", groupType, server.requests.get(), letters.size(),
                    gauge(h, "asr.provider.breaker.opened"), gauge(h, "asr.provider.breaker.closed"));
            if (groupType.equals("consumer")) {
                WorkerHarness.waitUntil(() -> h.uncommitted() == 0, WorkerHarness.seconds(20));
            }
        }
    }

    @Test
    void oneWorkerServesWhisperAndAnHttpBackendEachCappedByItsOwnPool() throws Exception {
        try (FakeOpenAiServer server = new FakeOpenAiServer("from the server");
             WorkerHarness h = new WorkerHarness(SharedKafka.bootstrap(), Map.of("lanes.small-reserved-slots", "0"))) {
            server.delayMillis = 300;
            h.startWorker(Map.of("whisper", whisper(1), "remote", http(server, 2)), Map.of(), "whisper",
                    "worker-two", AudioLimits.DEFAULT);
            ResultReader results = h.results();
            Path clip = Speech.wav("short", Speech.SHORT);
            Set<String> remoteIds = new HashSet<>();
            Set<String> whisperIds = new HashSet<>();
            for (int i = 0; i < 6; i++) {
                remoteIds.add(h.submitter.submit(clip, null, "remote").jobId());
                if (i < 3) {
                    whisperIds.add(h.submitter.submit(clip, null).jobId());
                }
            }
            String unknown = h.submitter.submit(clip, null, "nowhere").jobId();
            List<TranscriptResult> got = results.readUntil(r -> r.size() >= 10, WorkerHarness.seconds(90));
            assertEquals(10, got.size());
            for (TranscriptResult r : got) {
                if (remoteIds.contains(r.getJobId())) {
                    assertEquals("remote", r.getProvider());
                    assertEquals("from the server", r.getText());
                } else if (whisperIds.contains(r.getJobId())) {
                    assertEquals(JobStatus.OK, r.getStatus());
                    assertEquals("whisper", r.getProvider());
                } else {
                    assertEquals(unknown, r.getJobId());
                    assertEquals("UNKNOWN_PROVIDER", r.getErrorCode());
                }
            }
            assertEquals(2, server.maxInFlight.get(), "the remote pool of 2 was used fully and never exceeded");
        }
    }

    @Test
    void jobsGoToTheFallbackWhileTheirProvidersBreakerIsOpen() throws Exception {
        try (FakeOpenAiServer server = new FakeOpenAiServer("never");
             WorkerHarness h = new WorkerHarness(SharedKafka.bootstrap(), Map.of("worker.breaker-failures", "2",
                     "worker.breaker-open-ms", "60000", "lanes.small-reserved-slots", "0"))) {
            server.down = true;
            h.startWorker(Map.of("remote", http(server, 1), "whisper", whisper(1)), Map.of("remote", "whisper"),
                    "remote", "worker-fallback", AudioLimits.DEFAULT);
            ResultReader results = h.results();
            Path clip = Speech.wav("short", Speech.SHORT);
            for (int i = 0; i < 5; i++) {
                h.submitter.submit(clip, null);
            }
            List<TranscriptResult> got = results.readUntil(r -> r.size() >= 5, WorkerHarness.seconds(90));
            assertEquals(5, got.size());
            assertTrue(got.stream().allMatch(r -> r.getStatus() == JobStatus.OK && r.getProvider().equals("whisper")),
                    "served by the fallback: " + got);
            assertEquals(2, gauge(h, "asr.provider.breaker.state"), "remote's breaker is open");
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
