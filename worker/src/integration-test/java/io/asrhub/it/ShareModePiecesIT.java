package io.asrhub.it;

import io.asrhub.client.JobSubmitter;
import io.asrhub.client.ResultReader;
import io.asrhub.records.Lane;
import io.asrhub.schema.JobStatus;
import io.asrhub.schema.PieceResult;
import io.asrhub.schema.TranscriptResult;
import io.asrhub.testsupport.LongSpeech;
import io.asrhub.testsupport.Speech;
import io.asrhub.worker.AsrWorker;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Long audio in share mode, on a real broker with real native recognition (the generated whisper
 * model): the same pipeline splits the job, its pieces are taken through the pieces topic's own
 * share group by whichever worker is idle, and one stitched result comes out — also when one of
 * the two workers is stopped dead mid-job (its held pieces are released and redone by the other).
 */
@ExtendWith(SharedKafka.class)
class ShareModePiecesIT {
    @Test
    void twoShareWorkersTakePiecesOfOneLongJobAndOneStitchedResultSurvivesAKilledWorker() throws Exception {
        Path recording = Speech.sox(LongSpeech.atLeastSeconds(300).wav(), "long-300s-share.flac");
        try (WorkerHarness h = new WorkerHarness(SharedKafka.bootstrap(), Map.of("worker.group-type", "share",
                "lanes.large-from-ms", "60000", "lanes.small-reserved-slots", "0"));
             PieceResultsReader pieces = new PieceResultsReader(SharedKafka.bootstrap(),
                     h.enablePieces(Map.of()).topics().pieceResults())) {
            SimpleMeterRegistry stitchMeters = new SimpleMeterRegistry();
            h.startStitcher("stitcher", stitchMeters);
            AsrWorker a = h.startWorker(1, "share-a");
            h.startWorker(1, "share-b");
            ResultReader results = h.results();
            JobSubmitter.Submitted job = h.submitter.submit(recording, "en");
            assertEquals(Lane.LARGE, job.lane());

            WorkerHarness.waitUntil(() -> pieces.by("share-a") >= 2 && pieces.by("share-b") >= 1,
                    WorkerHarness.seconds(120));
            a.kill();

            List<TranscriptResult> got = results.readUntil(r -> !r.isEmpty(), WorkerHarness.seconds(180));
            got.addAll(results.readUntil(r -> false, WorkerHarness.seconds(3))); // a second result would show here
            assertEquals(1, got.size(), "exactly one final result: " + got);
            TranscriptResult result = got.get(0);
            assertEquals(job.jobId(), result.getJobId());
            assertEquals(JobStatus.OK, result.getStatus(), result.getErrorMessage());
            assertTrue(result.getAudioDurationMs() >= 295_000, "covers the whole file: " + result.getAudioDurationMs());

            int count = pieces.all().get(0).getCount();
            WorkerHarness.waitUntil(() -> pieces.all().stream().map(PieceResult::getIndex).distinct().count() == count,
                    WorkerHarness.seconds(30));
            Map<String, Long> perWorker = pieces.all().stream().collect(Collectors.groupingBy(PieceResult::getWorkerId,
                    Collectors.counting()));
            System.out.printf("ShareModePiecesIT: %d pieces, per worker %s%n", count, perWorker);
            assertTrue(perWorker.getOrDefault("share-a", 0L) >= 2 && perWorker.getOrDefault("share-b", 0L) >= 1,
                    "both share workers took pieces: " + perWorker);
            assertEquals(1.0, stitchMeters.get("asr.stitch.results").tag("status", "ok").counter().count());
        }
    }
}
