package io.asrhub.it;

import io.asrhub.eval.WordErrorRate;
import io.asrhub.client.JobSubmitter;
import io.asrhub.records.Lane;
import io.asrhub.client.ResultReader;
import io.asrhub.schema.JobStatus;
import io.asrhub.schema.TranscriptResult;
import io.asrhub.testsupport.Speech;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Speech submitted to each lane comes back as a transcript record with every field filled in. */
@ExtendWith(SharedKafka.class)
class EndToEndIT {
    /** Lane thresholds scaled down so espeak clips of a few seconds land in every lane. */
    static final Map<String, String> SMALL_LANES = Map.of("lanes.medium-from-ms", "10000",
            "lanes.large-from-ms", "45000");

    @Test
    void everyLaneDeliversTranscriptsWithAllFields() throws Exception {
        try (WorkerHarness h = new WorkerHarness(SharedKafka.bootstrap(), SMALL_LANES)) {
            h.startWorker(2, "worker-e2e");
            ResultReader results = h.results();
            Path small = Speech.wav("short", Speech.SHORT);
            Path medium = Speech.wav("medium", Speech.MEDIUM);
            Path large = Speech.wav("long-6", Speech.longText(6)); // about 2.7 minutes
            long start = System.currentTimeMillis();
            List<JobSubmitter.Submitted> jobs = List.of(h.submitter.submit(small, null),
                    h.submitter.submit(medium, null), h.submitter.submit(large, null));
            assertEquals(List.of(Lane.SMALL, Lane.MEDIUM, Lane.LARGE), jobs.stream().map(JobSubmitter.Submitted::lane).toList());
            List<TranscriptResult> got = results.readUntil(r -> r.size() >= 3, WorkerHarness.seconds(120));
            assertEquals(3, got.size(), "one result per job");
            for (JobSubmitter.Submitted job : jobs) {
                TranscriptResult r = find(got, job.jobId()).orElseThrow();
                assertEquals(JobStatus.OK, r.getStatus(), String.valueOf(r.getErrorMessage()));
                assertEquals(job.lane().name().toLowerCase(), r.getLane());
                assertEquals("whisper", r.getProvider());
                assertEquals("worker-e2e", r.getWorkerId());
                assertFalse(r.getText().isBlank());
                assertFalse(r.getSegments().isEmpty());
                assertEquals("en", r.getLanguage());
                assertTrue(r.getAudioDurationMs() > 3000, "duration " + r.getAudioDurationMs());
                assertTrue(r.getProcessingMs() > 0);
                assertTrue(r.getQueueWaitMs() >= 0);
                assertEquals(1, r.getAttempts());
                System.out.printf("lane %-6s audio %6d ms, processing %5d ms, queue wait %5d ms%n", r.getLane(),
                        r.getAudioDurationMs(), r.getProcessingMs(), r.getQueueWaitMs());
            }
            System.out.printf("three lanes end to end in %d ms%n", System.currentTimeMillis() - start);
            assertEquals(0, waitForCommits(h));
        }
    }

    @Test
    void realModelTranscriptsMeetTheWordErrorBound() throws Exception {
        Path model = io.asrhub.testsupport.RealModel.require();
        assertTrue(model.toFile().isFile());
        // With a real model installed the worker runs it; the tiny model above only proves the plumbing.
        try (WorkerHarness h = new WorkerHarness(SharedKafka.bootstrap(), SMALL_LANES)) {
            h.startRealWorker(1, model);
            ResultReader results = h.results();
            JobSubmitter.Submitted job = h.submitter.submit(Speech.wav("short", Speech.SHORT), null);
            TranscriptResult r = results.readUntil(l -> !l.isEmpty(), WorkerHarness.seconds(120)).get(0);
            assertEquals(job.jobId(), r.getJobId());
            assertTrue(WordErrorRate.of(Speech.SHORT, r.getText()) <= 0.15, r.getText());
        }
    }

    static Optional<TranscriptResult> find(List<TranscriptResult> results, String jobId) {
        return results.stream().filter(r -> r.getJobId().equals(jobId)).findFirst();
    }

    static long waitForCommits(WorkerHarness h) throws Exception {
        try {
            WorkerHarness.waitUntil(() -> h.uncommitted() == 0, WorkerHarness.seconds(10));
        } catch (AssertionError e) {
            // reported by the caller's assertion with the remaining lag
        }
        return h.uncommitted();
    }
}
