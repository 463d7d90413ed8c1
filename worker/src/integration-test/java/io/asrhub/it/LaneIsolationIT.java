package io.asrhub.it;

import io.asrhub.client.JobSubmitter;
import io.asrhub.records.Lane;
import io.asrhub.client.ResultReader;
import io.asrhub.schema.TranscriptResult;
import io.asrhub.testsupport.Speech;
import io.asrhub.testsupport.ToneWav;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The mission's core promise: with the pool busy on long recordings, a short clip submitted
 * afterwards does not queue behind them. Judged by ratios measured in the same run (its wait for a
 * slot and its whole trip against a long job's processing time), which hold however loaded the
 * machine is; the absolute latency is measured by the lane benchmark (docs/benchmarks.md).
 */
@ExtendWith(SharedKafka.class)
class LaneIsolationIT {
    @Test
    void shortJobOvertakesQueuedLongJobs() throws Exception {
        try (WorkerHarness h = new WorkerHarness(SharedKafka.bootstrap(), Map.of())) {
            h.startWorker(2, "worker-lanes");
            ResultReader results = h.results();
            Path longFile = ToneWav.write(Path.of("target", "speech", "tone-600s.wav"), 600);
            List<String> longIds = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                JobSubmitter.Submitted s = h.submitter.submit(longFile, null);
                assertEquals(Lane.LARGE, s.lane());
                longIds.add(s.jobId());
            }
            // Wait until long jobs occupy every slot the large lane may use (all but the reserved one).
            WorkerHarness.waitUntil(() -> h.inFlight() >= 1, WorkerHarness.seconds(30));
            long submitted = System.currentTimeMillis();
            JobSubmitter.Submitted shortJob = h.submitter.submit(Speech.wav("short", Speech.SHORT), null);
            assertEquals(Lane.SMALL, shortJob.lane());
            List<TranscriptResult> got = results.readUntil(
                    r -> r.stream().anyMatch(x -> x.getJobId().equals(shortJob.jobId())), WorkerHarness.seconds(120));
            long latency = System.currentTimeMillis() - submitted;
            TranscriptResult shortResult = EndToEndIT.find(got, shortJob.jobId()).orElseThrow();
            long longDone = got.stream().filter(r -> longIds.contains(r.getJobId())).count();
            // One long result is enough to know how long a long job takes.
            List<TranscriptResult> rest = new java.util.ArrayList<>(got);
            rest.addAll(results.readUntil(r -> r.stream().anyMatch(x -> longIds.contains(x.getJobId())),
                    WorkerHarness.seconds(180)));
            long longProcessing = rest.stream().filter(r -> longIds.contains(r.getJobId()))
                    .mapToLong(TranscriptResult::getProcessingMs).max().orElse(0);
            System.out.printf("short job: queue wait %d ms, processing %d ms, submit-to-result %d ms; long job "
                            + "processing %d ms; long jobs finished before the short one: %d of 3%n",
                    shortResult.getQueueWaitMs(), shortResult.getProcessingMs(), latency, longProcessing, longDone);
            assertTrue(longProcessing > 4 * latency, "long jobs (" + longProcessing
                    + " ms) must take far longer than the short job's whole trip (" + latency + " ms)");
            // It started on the slot reserved for the small lane: its wait for a slot (submission until it
            // started) is a small fraction of one long job, where a FIFO queue would make it wait for several.
            assertTrue(10 * shortResult.getQueueWaitMs() < longProcessing, "short job waited "
                    + shortResult.getQueueWaitMs() + " ms for a slot; a long job takes " + longProcessing + " ms");
            assertEquals(0, longDone, "no long job can have finished before the short one");
        }
    }
}
