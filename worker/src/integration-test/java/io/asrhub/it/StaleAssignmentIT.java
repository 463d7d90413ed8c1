package io.asrhub.it;

import io.asrhub.client.ResultReader;
import io.asrhub.config.AudioLimits;
import io.asrhub.config.PoolOptions;
import io.asrhub.config.ProviderConfig;
import io.asrhub.records.AvroCodec;
import io.asrhub.schema.AudioJob;
import io.asrhub.schema.InlineAudio;
import io.asrhub.schema.TranscriptResult;
import io.asrhub.worker.AsrWorker;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Assignment epochs on a real broker: six jobs (one per lane partition) are held in flight on the
 * first worker; a second worker joins, so some partitions move. The first worker's runs of the
 * moved partitions outlive the revoke grace and finish later, in an old epoch: they must be
 * ignored (not published, not committed), while the new owner answers those jobs. Every job ends
 * with exactly one result.
 */
@ExtendWith(SharedKafka.class)
class StaleAssignmentIT {
    @Test
    void completionsFromAnEarlierAssignmentAreIgnored() throws Exception {
        try (FakeOpenAiServer server = new FakeOpenAiServer("answer");
             WorkerHarness h = new WorkerHarness(SharedKafka.bootstrap(), Map.of("worker.revoke-grace-ms", "200",
                     "lanes.small-reserved-slots", "0"))) {
            server.hold = new CountDownLatch(1);
            ProviderConfig http = new ProviderConfig("openai-http", PoolOptions.builder().minSize(6).maxSize(6)
                    .warmUp(false).build(), 1, null, Map.of("base-url", server.baseUrl(), "model", "m"));
            AsrWorker first = h.startWorker(Map.of("remote", http), Map.of(), "remote", "worker-1",
                    AudioLimits.DEFAULT);
            ResultReader results = h.results();
            byte[] wav = Files.readAllBytes(io.asrhub.testsupport.Speech.wav("short", io.asrhub.testsupport.Speech.SHORT));
            for (String topic : h.settings.topics().lanes()) {
                for (int p = 0; p < 2; p++) {
                    String id = topic + "-" + p;
                    AudioJob job = AudioJob.newBuilder().setJobId(id).setSubmittedAtMs(Instant.now())
                            .setAudio(new InlineAudio(ByteBuffer.wrap(wav))).setByteSize(wav.length)
                            .setAttributes(Map.of()).build();
                    h.sendTo(topic, p, id, AvroCodec.encode(job));
                }
            }
            WorkerHarness.waitUntil(() -> server.inFlight.get() == 6, WorkerHarness.seconds(30));
            AsrWorker second = h.startWorker(Map.of("remote", http), Map.of(), "remote", "worker-2",
                    AudioLimits.DEFAULT);
            WorkerHarness.waitUntil(() -> first.rebalances() > 0, WorkerHarness.seconds(30));
            // Settled: the six partitions are split between the two, and the new owner fetched every
            // moved partition again, so each moved job is requested a second time (cooperative
            // rebalancing: the partitions the first worker keeps are not fetched again).
            WorkerHarness.waitUntil(() -> second.ownedPartitions() > 0
                    && first.ownedPartitions() + second.ownedPartitions() == 6
                    && server.requests.get() == 6 + second.ownedPartitions(), WorkerHarness.seconds(30));
            int moved = second.ownedPartitions();
            server.hold.countDown(); // every held run finishes now, the first worker's stale ones included
            List<TranscriptResult> got = results.readUntil(r -> r.size() >= 6, WorkerHarness.seconds(60));
            got.addAll(results.readUntil(r -> false, WorkerHarness.seconds(3))); // anything extra would show up here
            Map<String, Integer> perJob = new HashMap<>();
            got.forEach(r -> perJob.merge(r.getJobId(), 1, Integer::sum));
            assertEquals(6, perJob.size(), "every job answered: " + perJob);
            assertTrue(perJob.values().stream().allMatch(n -> n == 1), "exactly one result per job: " + perJob);
            assertTrue(moved >= 1, "some partitions moved to the second worker");
            long fromSecond = got.stream().filter(r -> r.getWorkerId().equals("worker-2")).count();
            assertEquals(moved, fromSecond, "moved jobs are answered by their new owner only");
            assertTrue(h.registry.get("asr.jobs.abandoned").counters().stream().mapToDouble(c -> c.count()).sum()
                    >= moved, "the first worker counted the runs it abandoned");
            WorkerHarness.waitUntil(() -> h.uncommitted() == 0, WorkerHarness.seconds(20));
        }
    }
}
