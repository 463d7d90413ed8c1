package io.asrhub.it;

import io.asrhub.client.ResultReader;
import io.asrhub.pieces.PieceCodec;
import io.asrhub.pieces.PieceSettings;
import io.asrhub.records.AvroCodec;
import io.asrhub.records.Lane;
import io.asrhub.schema.AudioJob;
import io.asrhub.schema.InlineAudio;
import io.asrhub.schema.JobStatus;
import io.asrhub.schema.PieceResult;
import io.asrhub.schema.TranscriptResult;
import io.asrhub.testsupport.Splits;
import io.asrhub.testsupport.ToneWav;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/**
 * Split identity and the stitcher's admission rules on a real broker, with real workers splitting real
 * long jobs (5 s pieces of 20-25 s recordings, so it stays fast): forged piece results on the internal
 * topic neither block nor fake a job, and two long jobs with one jobId each get their own result.
 */
@ExtendWith(SharedKafka.class)
class SplitIdentityIT {
    /** 20-25 s recordings are large jobs split into 5 s pieces. */
    private static final Map<String, String> SHORT_PIECES = Map.of("lanes.medium-from-ms", "5000",
            "lanes.large-from-ms", "10000", "lanes.small-reserved-slots", "0");
    private static final Map<String, String> CHUNKING = Map.of("chunking.from-ms", "10000",
            "chunking.max-piece-ms", "5000", "chunking.search-ms", "1000");

    @TempDir
    Path dir;

    @Test
    void forgedPieceResultsAreDroppedAndTheRealJobGetsItsOneResult() throws Exception {
        try (WorkerHarness h = new WorkerHarness(SharedKafka.bootstrap(), SHORT_PIECES)) {
            PieceSettings pieces = h.enablePieces(CHUNKING);
            SimpleMeterRegistry stitch = new SimpleMeterRegistry();
            h.startStitcher("stitcher", stitch);
            h.startWorker(2, "worker-a");
            ResultReader results = h.results();

            // "piece 0 of 99" for the victim before the real job, and a complete one-piece "job" of its own.
            PieceResult ofNinetyNine = Splits.of("victim-long", 99, 0).ok(0, "forged");
            PieceResult oneOfOne = Splits.of("victim-short", 1, 0).ok(0, "fake transcript");
            h.sendKeyed(pieces.topics().pieceResults(), "victim-long", PieceCodec.encode(ofNinetyNine));
            h.sendKeyed(pieces.topics().pieceResults(), "victim-short", PieceCodec.encode(oneOfOne));
            submitLong(h, "victim-long", 20);

            List<TranscriptResult> got = results.readUntil(r -> !r.isEmpty(), WorkerHarness.seconds(120));
            WorkerHarness.waitUntil(() -> rejected(stitch, "unknown-split") == 2, WorkerHarness.seconds(30));
            got.addAll(results.readUntil(r -> false, WorkerHarness.seconds(1))); // anything else already out
            assertEquals(1, got.size(), "one result, the real job's: " + got);
            TranscriptResult real = got.get(0);
            assertEquals("victim-long", real.getJobId());
            assertEquals(JobStatus.OK, real.getStatus(), real.getErrorMessage());
            assertEquals(20_000, real.getAudioDurationMs(), 50);
            assertNotEquals("forged", real.getText());
            assertEquals(1.0, stitch.get("asr.stitch.results").tag("status", "ok").counter().count(),
                    "the job was split and stitched, not run whole");
        }
    }

    @Test
    void twoLongJobsWithOneJobIdSubmittedTogetherGetTwoResults() throws Exception {
        try (WorkerHarness h = new WorkerHarness(SharedKafka.bootstrap(), SHORT_PIECES)) {
            h.enablePieces(CHUNKING);
            SimpleMeterRegistry stitch = new SimpleMeterRegistry();
            h.startStitcher("stitcher", stitch);
            h.startWorker(2, "worker-a");
            ResultReader results = h.results();
            submitLong(h, "same-id", 20); // 4 pieces
            submitLong(h, "same-id", 25); // 5 pieces

            List<TranscriptResult> got = results.readUntil(r -> r.size() >= 2, WorkerHarness.seconds(180));
            assertEquals(2, got.size(), "one final result per submission: " + got);
            for (TranscriptResult r : got) {
                assertEquals("same-id", r.getJobId());
                assertEquals(JobStatus.OK, r.getStatus(), r.getErrorMessage());
            }
            Set<Long> durations = got.stream().map(r -> Math.round(r.getAudioDurationMs() / 1000.0) * 1000)
                    .collect(Collectors.toSet());
            assertEquals(Set.of(20_000L, 25_000L), durations, "each result covers its own recording");
            assertNotEquals(got.get(0).getSourceOffset(), got.get(1).getSourceOffset(),
                    "the results name their submissions");
            assertEquals(2.0, stitch.get("asr.stitch.results").tag("status", "ok").counter().count(),
                    "both were split and stitched, not run whole");
            assertEquals(0.0, stitch.find("asr.stitch.rejected").counters().stream().mapToDouble(c -> c.count())
                    .sum(), "no piece of either job was dropped");
        }
    }

    private void submitLong(WorkerHarness h, String jobId, int seconds) throws Exception {
        byte[] wav = Files.readAllBytes(ToneWav.write(dir.resolve(jobId + "-" + seconds + ".wav"), seconds));
        AudioJob job = AudioJob.newBuilder().setJobId(jobId).setSubmittedAtMs(Instant.now())
                .setAudio(new InlineAudio(ByteBuffer.wrap(wav))).setContentType("audio/wav").setByteSize(wav.length)
                .setDurationMs(seconds * 1000L).build();
        h.submitter.sendRaw(Lane.LARGE, jobId, AvroCodec.encode(job));
    }

    private static double rejected(SimpleMeterRegistry registry, String reason) {
        return registry.get("asr.stitch.rejected").tag("reason", reason).counter().count();
    }
}
