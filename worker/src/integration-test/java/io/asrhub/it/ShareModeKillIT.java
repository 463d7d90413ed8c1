package io.asrhub.it;

import io.asrhub.client.JobSubmitter;
import io.asrhub.client.ResultReader;
import io.asrhub.pieces.PieceTopics;
import io.asrhub.records.Lane;
import io.asrhub.schema.JobStatus;
import io.asrhub.schema.PieceResult;
import io.asrhub.schema.TranscriptResult;
import io.asrhub.testsupport.LongSpeech;
import io.asrhub.testsupport.Speech;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * kill -9 of one of two packaged `asr-hub worker` processes in share mode while the pieces of a
 * 5-minute recording run: the pieces it held come back to the group when their locks expire, the
 * other worker does them, and exactly one final result covers the whole file.
 */
@org.junit.jupiter.api.Order(4) // among the longest: started first so that it does not end the run alone
@ExtendWith(SharedKafka.class)
class ShareModeKillIT {
    @Test
    void killingOneOfTwoShareWorkersMidJobStillGivesOneResultForTheWholeFile() throws Exception {
        Path recording = Speech.sox(LongSpeech.atLeastSeconds(300).wav(), "long-300s.flac");
        try (WorkerHarness h = new WorkerHarness(SharedKafka.bootstrap(), Map.of("lanes.large-from-ms", "60000"))) {
            PieceTopics topics = h.enablePieces(Map.of()).topics();
            Map<String, String> env = new HashMap<>(Map.of("ASR_HUB_WORKER_GROUP_TYPE", "share",
                    "ASR_HUB_SHARE_RECORD_LOCK_MS", "3000", "ASR_HUB_LANES_LARGE_FROM_MS", "60000",
                    "ASR_HUB_LANES_SMALL_RESERVED_SLOTS", "0", "ASR_HUB_TOPICS_PIECES", topics.pieces(),
                    "ASR_HUB_TOPICS_PIECE_RESULTS", topics.pieceResults(), "ASR_HUB_TOPICS_PROGRESS", topics.progress()));
            Path log = Files.createTempFile(Path.of("target"), "share-kill", ".log");
            Process a = WorkerProcess.start(h.settings, "share-a", 1, env, log);
            Process b = WorkerProcess.start(h.settings, "share-b", 1, env, log);
            try (PieceResultsReader pieces = new PieceResultsReader(SharedKafka.bootstrap(), topics.pieceResults())) {
                ResultReader results = h.results();
                JobSubmitter.Submitted job = h.submitter.submit(recording, "en");
                assertEquals(Lane.LARGE, job.lane());
                WorkerHarness.waitUntil(() -> pieces.by("share-a") >= 3, WorkerHarness.seconds(150));
                a.destroyForcibly(); // SIGKILL: no release, no acknowledgement; its locks must expire
                a.waitFor(10, TimeUnit.SECONDS);

                List<TranscriptResult> got = results.readUntil(r -> !r.isEmpty(), WorkerHarness.seconds(180));
                got.addAll(results.readUntil(r -> false, WorkerHarness.seconds(3))); // a second result shows here
                assertEquals(1, got.size(), "exactly one final result: " + got + "\n" + Files.readString(log));
                TranscriptResult result = got.get(0);
                assertEquals(job.jobId(), result.getJobId());
                assertEquals(JobStatus.OK, result.getStatus(), result.getErrorMessage());
                assertTrue(result.getAudioDurationMs() >= 295_000, "the whole file: " + result.getAudioDurationMs());
                int count = pieces.all().get(0).getCount();
                WorkerHarness.waitUntil(() -> pieces.all().stream().map(PieceResult::getIndex).distinct().count()
                        == count, WorkerHarness.seconds(30)); // this reader may be behind the stitcher
                Map<String, Long> perWorker = pieces.all().stream()
                        .collect(Collectors.groupingBy(PieceResult::getWorkerId, Collectors.counting()));
                System.out.printf("ShareModeKillIT: %d pieces, piece results per worker %s%n",
                        count, perWorker);
                assertTrue(perWorker.getOrDefault("share-b", 0L) >= 1, "the survivor took over: " + perWorker);
            } finally {
                a.destroyForcibly();
                b.destroyForcibly();
                b.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }
}
