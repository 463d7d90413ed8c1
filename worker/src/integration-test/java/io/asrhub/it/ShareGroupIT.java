package io.asrhub.it;

import io.asrhub.records.Lane;
import io.asrhub.client.ResultReader;
import io.asrhub.schema.JobStatus;
import io.asrhub.schema.TranscriptResult;
import io.asrhub.share.ShareBacklogMeter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.asrhub.it.ShareHarness.countBy;
import static io.asrhub.it.WorkerHarness.seconds;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Share mode on a real broker: workers beyond the partition count all take work, each record is
 * acknowledged on its own, and the broker's delivery count is the attempt number.
 */
@org.junit.jupiter.api.Order(6) // among the longest: started first so that it does not end the run alone
@ExtendWith(SharedKafka.class)
@Execution(ExecutionMode.CONCURRENT) // every test builds its own harness (topics, group)
class ShareGroupIT {

    @Test
    void threeShareWorkersOnOnePartitionAllProcessAndEveryJobIsAnsweredOnce() throws Exception {
        try (ShareHarness h = new ShareHarness(SharedKafka.bootstrap(), Map.of())) {
            ScriptedProvider engine = new ScriptedProvider(200);
            for (String w : List.of("share-a", "share-b", "share-c")) {
                h.startShareWorker(w, engine, 1);
            }
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < 24; i++) {
                ids.add("job-" + i + (i % 8 == 7 ? "-poison" : ""));
            }
            for (String id : ids) {
                h.send(id);
            }
            ResultReader results = h.results();
            List<TranscriptResult> all = results.readUntil(r -> distinctJobs(r) >= ids.size(), seconds(90));
            all.addAll(results.poll(java.time.Duration.ofSeconds(1))); // late duplicates would show here
            List<TranscriptResult> dlq = h.deadLetters().readUntil(r -> r.size() >= 3, seconds(30));

            Map<String, Long> perJob = countBy(all, TranscriptResult::getJobId);
            assertEquals(new HashSet<>(ids), perJob.keySet());
            perJob.forEach((id, n) -> assertEquals(1L, n, id + " answered " + n + " times"));
            for (TranscriptResult r : all) {
                assertEquals(r.getJobId().contains("poison") ? JobStatus.FAILED : JobStatus.OK, r.getStatus(),
                        r.getJobId());
            }
            assertEquals(Set.of("job-7-poison", "job-15-poison", "job-23-poison"),
                    new HashSet<>(countBy(dlq, TranscriptResult::getJobId).keySet()));
            Map<String, Long> perWorker = countBy(all, TranscriptResult::getWorkerId);
            System.out.println("share mode, one partition, three workers: jobs per worker " + perWorker);
            assertEquals(Set.of("share-a", "share-b", "share-c"), perWorker.keySet(),
                    "every worker took records from the single partition");
        }
    }

    @Test
    void inConsumerModeTwoOfThreeWorkersStayIdleOnOnePartition() throws Exception {
        try (ShareHarness h = new ShareHarness(SharedKafka.bootstrap(), Map.of())) {
            ScriptedProvider engine = new ScriptedProvider(100);
            for (String w : List.of("consumer-a", "consumer-b", "consumer-c")) {
                h.startConsumerWorker(w, engine, 1);
            }
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                ids.add("job-" + i);
                h.send("job-" + i);
            }
            List<TranscriptResult> all = h.results().readUntil(r -> distinctJobs(r) >= ids.size(), seconds(90));
            Map<String, Long> perWorker = countBy(all, TranscriptResult::getWorkerId);
            System.out.println("consumer mode, one partition, three workers: jobs per worker " + perWorker);
            assertEquals(1, perWorker.size(), "one partition feeds exactly one consumer-group member");
        }
    }

    /**
     * Share mode runs the same failure policy as consumer mode: a transient failure backs off here
     * with the record kept (its lock renewed), never released for the broker to redeliver at once;
     * a job that keeps failing while its provider works is dead-lettered after worker.max-attempts;
     * bad input is dead-lettered at once; dead-lettered records are rejected, results accepted.
     */
    @Test
    void transientFailuresBackOffKeepingTheirDeliveryAndBrokenJobsAreRejectedAfterTheirDeadLetter()
            throws Exception {
        try (ShareHarness h = new ShareHarness(SharedKafka.bootstrap(), Map.of("worker.max-attempts", "3",
                "worker.retry-backoff-ms", "20", "worker.retry-backoff-max-ms", "200", "worker.breaker-open-ms", "100"))) {
            ScriptedProvider engine = new ScriptedProvider(50);
            h.startShareWorker("share-retry", engine, 1);
            h.send("job-flaky");
            h.send("job-poison");
            h.send("job-broken");
            h.send("job-fine");
            ResultReader results = h.results();
            List<TranscriptResult> all = results.readUntil(r -> distinctJobs(r) >= 4, seconds(90));
            all.addAll(results.poll(java.time.Duration.ofSeconds(2)));
            Map<String, TranscriptResult> byJob = new java.util.HashMap<>();
            for (TranscriptResult r : all) {
                assertTrue(byJob.put(r.getJobId(), r) == null, "one answer per job: " + r.getJobId());
            }
            TranscriptResult flaky = byJob.get("job-flaky");
            assertEquals(JobStatus.OK, flaky.getStatus());
            assertEquals(2, flaky.getAttempts(), "attempts count the local retry");
            assertEquals(2, engine.calls("job-flaky"));

            TranscriptResult poison = byJob.get("job-poison");
            assertEquals(JobStatus.FAILED, poison.getStatus());
            assertEquals("CORRUPT_AUDIO", poison.getErrorCode());
            assertEquals(1, poison.getAttempts());
            assertEquals(1, engine.calls("job-poison"), "a rejected record is never delivered again");

            TranscriptResult broken = byJob.get("job-broken");
            assertEquals(JobStatus.FAILED, broken.getStatus());
            assertEquals("PROVIDER_FAILED", broken.getErrorCode());
            assertTrue(broken.getErrorMessage().contains("failed 3 times"), broken.getErrorMessage());
            assertTrue(engine.calls("job-broken") >= 3, "tried until worker.max-attempts counted against it");

            assertEquals(JobStatus.OK, byJob.get("job-fine").getStatus());
            assertEquals(1, byJob.get("job-fine").getAttempts());
            List<TranscriptResult> dlq = h.deadLetters().readUntil(r -> r.size() >= 2, seconds(30));
            assertEquals(Set.of("job-poison", "job-broken"), countBy(dlq, TranscriptResult::getJobId).keySet());
            assertEquals(1.0, h.meters.get("asr.jobs.dead_lettered").tag("code", "PROVIDER_FAILED").counter().count());
            assertEquals(1.0, h.meters.get("asr.jobs.dead_lettered").tag("code", "CORRUPT_AUDIO").counter().count());
            assertEquals(2.0, h.meters.get("asr.jobs.completed").tag("status", "ok").counter().count());
            io.asrhub.testsupport.Await.until("acknowledgements sent", () -> h.meters.find("asr.share.acknowledged")
                    .tag("type", "reject").counters().stream().mapToDouble(c -> c.count()).sum() == 2.0,
                    java.time.Duration.ofSeconds(10));
            assertEquals(0.0, h.meters.find("asr.share.acknowledged").tag("type", "release").counters().stream()
                    .mapToDouble(c -> c.count()).sum(), "nothing released: retries keep their delivery");
        }
    }

    @Test
    void jobLongerThanTheAcquisitionLockKeepsItAndRunsOnce() throws Exception {
        try (ShareHarness h = new ShareHarness(SharedKafka.bootstrap(), Map.of("share.record-lock-ms", "2000"))) {
            ScriptedProvider engine = new ScriptedProvider(50, 7000, id -> { });
            h.startShareWorker("share-long-a", engine, 1);
            h.startShareWorker("share-long-b", engine, 1);
            h.send("job-long");
            ResultReader results = h.results();
            List<TranscriptResult> all = results.readUntil(r -> !r.isEmpty(), seconds(60));
            all.addAll(results.poll(java.time.Duration.ofSeconds(3))); // a second worker's copy would land here
            assertEquals(1, all.size(), "one answer: " + all);
            assertEquals(JobStatus.OK, all.get(0).getStatus());
            assertEquals(1, all.get(0).getAttempts(), "never redelivered while the first worker held it");
            assertEquals(1, engine.calls("job-long"), "7 s job, 2 s lock: renewed, not handed to the idle worker");
        }
    }

    @Test
    void backlogMeterCountsRecordsNotYetAcknowledgedByTheLaneShareGroup() throws Exception {
        try (ShareHarness h = new ShareHarness(SharedKafka.bootstrap(), Map.of())) {
            SimpleMeterRegistry registry = new SimpleMeterRegistry();
            try (ShareBacklogMeter meter = new ShareBacklogMeter(h.settings.bootstrapServers(), h.settings.groupId(),
                    h.settings.topics(), registry, Duration.ZERO)) {
                for (int i = 0; i < 5; i++) {
                    h.send("job-" + i);
                }
                assertEquals(5.0, registry.get("asr.share.backlog").tag("lane", "small").gauge().value(),
                        "no worker yet: every submitted job is backlog");
                assertEquals(0.0, meter.backlog(Lane.MEDIUM));
                h.startShareWorker("share-backlog", new ScriptedProvider(20), 1);
                h.results().readUntil(r -> distinctJobs(r) >= 5, seconds(60));
                // Acknowledgements reach the share-partition state asynchronously.
                io.asrhub.testsupport.Await.until("small-lane backlog drained", () -> meter.backlog(Lane.SMALL) == 0,
                        Duration.ofSeconds(30));
                assertEquals(0.0, meter.backlog(Lane.SMALL), "all acknowledged");
            }
        }
    }

    static long distinctJobs(List<TranscriptResult> results) {
        return results.stream().map(TranscriptResult::getJobId).distinct().count();
    }
}
