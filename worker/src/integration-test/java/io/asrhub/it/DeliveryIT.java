package io.asrhub.it;

import io.asrhub.worker.AsrWorker;
import io.asrhub.client.JobSubmitter;
import io.asrhub.client.ResultReader;
import io.asrhub.schema.JobStatus;
import io.asrhub.schema.TranscriptResult;
import io.asrhub.testsupport.Speech;
import io.asrhub.testsupport.ToneWav;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Delivery guarantees on a real broker: membership during long jobs, crash safety, shutdown, exactly-once. */
@org.junit.jupiter.api.Order(7) // among the longest: started first so that it does not end the run alone
@ExtendWith(SharedKafka.class)
class DeliveryIT {
    @Test
    void jobLongerThanMaxPollIntervalKeepsTheMemberInTheGroup() throws Exception {
        try (WorkerHarness h = new WorkerHarness(SharedKafka.bootstrap(),
                Map.of("kafka.client.max.poll.interval.ms", "3000"))) {
            AsrWorker worker = h.startWorker(1, "worker-long");
            ResultReader results = h.results();
            Path longFile = ToneWav.write(Path.of("target", "speech", "tone-600s.wav"), 600);
            List<String> ids = new ArrayList<>();
            ids.add(h.submitter.submit(longFile, null).jobId());
            for (int i = 0; i < 2; i++) {
                ids.add(h.submitter.submit(Speech.wav("short", Speech.SHORT), null).jobId());
            }
            List<TranscriptResult> got = results.readUntil(r -> r.size() >= 3, WorkerHarness.seconds(120));
            TranscriptResult longResult = EndToEndIT.find(got, ids.get(0)).orElseThrow();
            assertTrue(longResult.getProcessingMs() > 3000, "the job outlived max.poll.interval.ms: "
                    + longResult.getProcessingMs() + " ms");
            got.addAll(results.readUntil(r -> false, Duration.ofSeconds(2))); // catch any redelivery
            assertEquals(3, got.size(), "each job exactly once: no rebalance-induced redelivery");
            assertEquals(0, worker.rebalances(), "member was never kicked out of the group");
            assertEquals(Set.copyOf(ids), got.stream().map(TranscriptResult::getJobId).collect(Collectors.toSet()));
        }
    }

    @Test
    void crashMidBatchThenRestartGivesEveryJobAResult() throws Exception {
        try (WorkerHarness h = new WorkerHarness(SharedKafka.bootstrap(), Map.of())) {
            ResultReader results = h.results();
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                ids.add(h.submitter.submit(Speech.wav("short", Speech.SHORT), null).jobId());
            }
            AsrWorker first = h.startWorker(2, "worker-a");
            List<TranscriptResult> got = results.readUntil(r -> r.size() >= 3, WorkerHarness.seconds(60));
            first.kill(); // no grace, no final commit: like a crashed process
            h.startWorker(2, "worker-b");
            got.addAll(results.readUntil(r -> covered(r, got, ids), WorkerHarness.seconds(120)));
            Map<String, Long> perJob = new HashMap<>();
            got.stream().filter(r -> r.getStatus() == JobStatus.OK)
                    .forEach(r -> perJob.merge(r.getJobId(), 1L, Long::sum));
            assertEquals(Set.copyOf(ids), perJob.keySet(), "every job got a result, none was skipped");
            long duplicates = perJob.values().stream().mapToLong(n -> n - 1).sum();
            System.out.printf("crash test: %d jobs, %d results, %d repeated after the crash%n", ids.size(),
                    got.size(), duplicates);
            assertEquals(0, EndToEndIT.waitForCommits(h));
        }
    }

    @Test
    void gracefulStopFinishesInFlightWorkAndCommitsIt() throws Exception {
        try (WorkerHarness h = new WorkerHarness(SharedKafka.bootstrap(), Map.of())) {
            AsrWorker worker = h.startWorker(1, "worker-stop");
            ResultReader results = h.results();
            String id = h.submitter.submit(ToneWav.write(Path.of("target", "speech", "tone-180s.wav"), 180), null)
                    .jobId();
            WorkerHarness.waitUntil(() -> h.inFlight() == 1, WorkerHarness.seconds(30)); // the job is running now
            long start = System.currentTimeMillis();
            worker.stop();
            System.out.printf("graceful stop took %d ms%n", System.currentTimeMillis() - start);
            List<TranscriptResult> got = results.readUntil(r -> !r.isEmpty(), WorkerHarness.seconds(10));
            assertEquals(1, got.size());
            assertEquals(id, got.get(0).getJobId());
            assertEquals(JobStatus.OK, got.get(0).getStatus());
            assertEquals(0, h.uncommitted(), "the finished job was committed before leaving the group");
        }
    }

    @Test
    void exactlyOnceModeCommitsResultsAndOffsetsTogether() throws Exception {
        try (WorkerHarness h = new WorkerHarness(SharedKafka.bootstrap(), Map.of("worker.exactly-once", "true"))) {
            h.startWorker(2, "worker-eos");
            ResultReader results = h.results();
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                ids.add(h.submitter.submit(Speech.wav("short", Speech.SHORT), null).jobId());
            }
            List<TranscriptResult> got = results.readUntil(r -> r.size() >= 5, WorkerHarness.seconds(60));
            got.addAll(results.readUntil(r -> false, Duration.ofSeconds(2)));
            assertEquals(5, got.size());
            assertEquals(Set.copyOf(ids), got.stream().map(TranscriptResult::getJobId).collect(Collectors.toSet()));
            assertEquals(0, EndToEndIT.waitForCommits(h));
        }
    }

    private static boolean covered(List<TranscriptResult> fresh, List<TranscriptResult> earlier, List<String> ids) {
        Set<String> seen = new java.util.HashSet<>();
        earlier.forEach(r -> seen.add(r.getJobId()));
        fresh.forEach(r -> seen.add(r.getJobId()));
        return seen.containsAll(ids);
    }
}
