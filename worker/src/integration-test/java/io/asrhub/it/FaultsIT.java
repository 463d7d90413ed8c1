package io.asrhub.it;

import io.asrhub.broker.LocalKafkaBroker;
import io.asrhub.client.ResultReader;
import io.asrhub.schema.JobStatus;
import io.asrhub.schema.TranscriptResult;
import io.asrhub.testsupport.ToneWav;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Faults with real processes: a worker process killed with SIGKILL mid-batch (at-least-once and
 * exactly-once), and the broker itself killed with SIGKILL and restarted under a running worker.
 * Each test counts sent, answered, duplicated and lost jobs; nothing may be lost. These test delivery,
 * not recognition: short clips, and a group session timeout at the broker's minimum (6 s) so the group
 * drops the killed member in seconds instead of the default 45 s. Every test has its own topics, group
 * and (for the broker fault) its own broker, so they run at the same time.
 */
@org.junit.jupiter.api.Order(5) // among the longest: started first so that it does not end the run alone
@ExtendWith(SharedKafka.class)
@Execution(ExecutionMode.CONCURRENT)
class FaultsIT {
    private static final int JOBS = 16;
    /** A killed member holds its partitions until its session times out: the broker's minimum, not 45 s. */
    private static final Map<String, String> SHORT_SESSION = Map.of(
            "ASR_HUB_KAFKA_CLIENT_SESSION_TIMEOUT_MS", "6000", "ASR_HUB_KAFKA_CLIENT_HEARTBEAT_INTERVAL_MS", "1000");

    @Test
    void workerKilledWithSigkillLosesNothingAtLeastOnce() throws Exception {
        killWorkerMidBatch(false);
    }

    @Test
    void workerKilledWithSigkillLosesAndRepeatsNothingExactlyOnce() throws Exception {
        killWorkerMidBatch(true);
    }

    private void killWorkerMidBatch(boolean exactlyOnce) throws Exception {
        Map<String, String> mode = new HashMap<>(SHORT_SESSION);
        if (exactlyOnce) {
            mode.put("ASR_HUB_WORKER_EXACTLY_ONCE", "true");
        }
        try (WorkerHarness h = new WorkerHarness(SharedKafka.bootstrap(), Map.of())) {
            ResultReader results = h.results();
            Path clip = ToneWav.write(Path.of("target", "speech", "tone-2s.wav"), 2);
            Set<String> ids = new HashSet<>();
            for (int i = 0; i < JOBS; i++) {
                ids.add(h.submitter.submit(clip, null).jobId());
            }
            Path log = Files.createTempFile(Path.of("target"), "worker-kill", ".log");
            Process first = WorkerProcess.start(h.settings, "worker-kill", 1, mode, log);
            List<TranscriptResult> got = new ArrayList<>();
            try {
                got.addAll(results.readUntil(r -> r.size() >= 3, WorkerHarness.seconds(90)));
                assertTrue(got.size() >= 3, Files.readString(log));
            } finally {
                first.destroyForcibly(); // SIGKILL: no shutdown hook, no final commit
                first.waitFor(10, TimeUnit.SECONDS);
            }
            // Same worker id: in exactly-once mode the new producer fences the dead one's transaction.
            Process second = WorkerProcess.start(h.settings, "worker-kill", 1, mode, log);
            try {
                got.addAll(readUntilAllAnswered(results, ids, got));
            } finally {
                second.destroyForcibly();
                second.waitFor(10, TimeUnit.SECONDS);
            }
            report("worker SIGKILL, " + (exactlyOnce ? "exactly-once" : "at-least-once"), ids, got);
            assertTrue(got.stream().allMatch(r -> r.getStatus() == JobStatus.OK));
            if (exactlyOnce) {
                assertEquals(ids.size(), got.size(), "read_committed sees every job once");
            }
        }
    }

    @Test
    void brokerKilledWithSigkillAndRestartedLosesNothing() throws Exception {
        try (LocalKafkaBroker broker = LocalKafkaBroker.start(Path.of("target", "kafka-faults"));
             WorkerHarness h = new WorkerHarness(broker.bootstrapServers(), Map.of())) {
            h.startWorker(1, "worker-broker-fault");
            ResultReader results = h.results();
            Path clip = ToneWav.write(Path.of("target", "speech", "tone-2s.wav"), 2);
            Set<String> ids = new HashSet<>();
            for (int i = 0; i < JOBS; i++) {
                ids.add(h.submitter.submit(clip, null).jobId());
            }
            List<TranscriptResult> got = new ArrayList<>(results.readUntil(r -> r.size() >= 3,
                    WorkerHarness.seconds(90)));
            broker.killHard();
            broker.restart();
            got.addAll(readUntilAllAnswered(results, ids, got));
            report("broker SIGKILL + restart", ids, got);
        }
    }

    /** Reads on until every id in {@code ids} has a result, counting those already in {@code got}. */
    private static List<TranscriptResult> readUntilAllAnswered(ResultReader results, Set<String> ids,
                                                               List<TranscriptResult> got) {
        return results.readUntil(r -> {
            Set<String> seen = new HashSet<>();
            got.forEach(x -> seen.add(x.getJobId()));
            r.forEach(x -> seen.add(x.getJobId()));
            return seen.containsAll(ids);
        }, WorkerHarness.seconds(240));
    }

    private static void report(String fault, Set<String> ids, List<TranscriptResult> got) {
        Map<String, Integer> perJob = new HashMap<>();
        got.forEach(r -> perJob.merge(r.getJobId(), 1, Integer::sum));
        long answered = ids.stream().filter(perJob::containsKey).count();
        long duplicated = perJob.values().stream().mapToInt(n -> n - 1).sum();
        long lost = ids.size() - answered;
        System.out.printf("fault: %s: sent %d, answered %d, duplicated %d, lost %d%n", fault, ids.size(), answered,
                duplicated, lost);
        assertEquals(0, lost, fault + ": lost jobs");
    }
}
