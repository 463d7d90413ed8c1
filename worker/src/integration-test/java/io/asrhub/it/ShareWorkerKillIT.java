package io.asrhub.it;

import io.asrhub.schema.JobStatus;
import io.asrhub.schema.TranscriptResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.FileWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static io.asrhub.it.ShareHarness.countBy;
import static io.asrhub.it.WorkerHarness.seconds;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** kill -9 of a share worker holding records: the broker redelivers them once their locks expire. */
@ExtendWith(SharedKafka.class)
class ShareWorkerKillIT {
    private static final long LOCK_MS = 3000;

    @Test
    void recordsHeldByAKilledWorkerAreRedeliveredAfterTheLockExpiresAndNothingIsLost() throws Exception {
        try (ShareHarness h = new ShareHarness(SharedKafka.bootstrap(),
                Map.of("share.record-lock-ms", Long.toString(LOCK_MS), "lanes.small-reserved-slots", "0"))) {
            Path config = Files.createTempFile(Path.of("target"), "share-victim", ".properties");
            Properties p = new Properties();
            p.putAll(h.values);
            p.put("worker.id", "victim");
            try (FileWriter out = new FileWriter(config.toFile())) {
                p.store(out, null);
            }
            Path log = Files.createTempFile(Path.of("target"), "share-victim", ".log");
            Process victim = new ProcessBuilder(io.asrhub.testsupport.ChildJvm.java(
                    "-Xmx256m", "-Dorg.apache.avro.SERIALIZABLE_PACKAGES=io.asrhub",
                    "-cp", System.getProperty("java.class.path"), ShareWorkerProcess.class.getName(),
                    config.toString(), "2", "600000")).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            try {
                h.send("job-held-1");
                h.send("job-held-2");
                io.asrhub.testsupport.Await.until("victim started both jobs", () -> startedIn(log) >= 2 || !victim.isAlive(),
                        java.time.Duration.ofSeconds(60));
                assertEquals(2, startedIn(log), "the victim holds both records: " + Files.readString(log));
            } finally {
                victim.destroyForcibly(); // SIGKILL: no acknowledgement, no release, no leave-group
                victim.waitFor(10, TimeUnit.SECONDS);
            }
            long killedAt = System.currentTimeMillis();
            ScriptedProvider engine = new ScriptedProvider(50);
            // A slot for each of the three jobs: a busy rescuer would release a record it fetched without a
            // free slot, which the broker counts as one more delivery (how often depends on timing).
            h.startShareWorker("rescuer", engine, 3);
            h.send("job-after-kill");

            List<TranscriptResult> all = h.results().readUntil(
                    r -> ShareGroupIT.distinctJobs(r) >= 3, seconds(60));
            long answeredAt = System.currentTimeMillis();
            Map<String, Long> perJob = countBy(all, TranscriptResult::getJobId);
            assertEquals(Set.of("job-held-1", "job-held-2", "job-after-kill"), perJob.keySet());
            perJob.forEach((id, n) -> assertEquals(1L, n, id + " answered " + n + " times"));
            for (TranscriptResult r : all) {
                assertEquals(JobStatus.OK, r.getStatus());
                assertEquals("rescuer", r.getWorkerId());
                if (r.getJobId().startsWith("job-held")) {
                    assertEquals(2, r.getAttempts(), r.getJobId() + ": the killed delivery counts as an attempt");
                } else {
                    // A fetch while the rescuer's slots are busy is released at once (never held without a
                    // slot), which the broker counts as a delivery.
                    assertTrue(r.getAttempts() <= 2, r.getJobId() + ": " + r.getAttempts() + " deliveries");
                }
            }
            // Redelivered through lock expiry (3 s), well before the dead member's session timeout (45 s).
            assertTrue(answeredAt - killedAt < 30_000, "answered " + (answeredAt - killedAt) + " ms after the kill");
            System.out.println("kill -9: held records answered " + (answeredAt - killedAt) + " ms after the kill");
        }
    }

    private static long startedIn(Path log) throws Exception {
        return Files.readAllLines(log).stream().filter(l -> l.startsWith("STARTED job-held")).count();
    }
}
