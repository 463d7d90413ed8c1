package io.asrhub.pieces;

import io.asrhub.schema.JobProgress;
import io.asrhub.schema.JobStatus;
import io.asrhub.schema.PieceResult;
import io.asrhub.schema.PieceSegment;
import io.asrhub.schema.PieceStatus;
import io.asrhub.schema.Segment;
import io.asrhub.schema.TranscriptResult;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The stitching rules on TopologyTestDriver: no broker needed. */
class PieceStitcherTopologyTest {
    private static final String RESULTS = "asr.transcripts";
    private static final String DLQ = "asr.jobs.dlq";
    private static final long PIECE_MS = 30_000;

    private TopologyTestDriver driver;
    private TestInputTopic<String, byte[]> pieceResults;

    @BeforeEach
    void start() {
        Properties props = PieceStitcherTopology.streamsConfig("dummy:9092", "stitcher-test");
        props.put(StreamsConfig.STATE_DIR_CONFIG, "target/kafka-streams-test");
        driver = new TopologyTestDriver(PieceStitcherTopology.topology(PieceTopics.DEFAULT, RESULTS, DLQ,
                Duration.ofHours(1)), props);
        pieceResults = driver.createInputTopic(PieceTopics.DEFAULT.pieceResults(), new StringSerializer(),
                new ByteArraySerializer(), Instant.ofEpochMilli(1_000_000), Duration.ofMillis(10));
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    @Test
    void emitsOneStitchedResultWhenTheLastPieceArrivesWhateverTheOrderAndRepeats() throws Exception {
        send(ok("job-1", 2, 3));
        send(ok("job-1", 0, 3));
        send(ok("job-1", 0, 3)); // redone after a crash
        assertTrue(output(RESULTS).isEmpty(), "no result before every piece arrived");
        send(ok("job-1", 1, 3));
        send(ok("job-1", 1, 3)); // repeat after the result: ignored
        send(ok("job-1", 2, 3));

        List<TranscriptResult> results = results(RESULTS);
        assertEquals(1, results.size(), "exactly one final result");
        TranscriptResult r = results.get(0);
        assertEquals(JobStatus.OK, r.getStatus());
        assertEquals("piece one piece two piece three", r.getText());
        assertEquals(List.of(new Segment(500L, 2_000L, "piece one"), new Segment(30_500L, 32_000L, "piece two"),
                new Segment(60_500L, 62_000L, "piece three")), r.getSegments());
        assertEquals(90_000, r.getAudioDurationMs());
        assertEquals(3 * 4_000, r.getProcessingMs(), "slot time of all pieces");
        assertEquals("worker-0,worker-1,worker-2", r.getWorkerId(), "every worker that did a piece, in piece order");
        assertEquals("asr.jobs.large", r.getSourceTopic());
        assertEquals(42L, r.getSourceOffset());
        assertTrue(output(DLQ).isEmpty());

        List<JobProgress> progress = progress();
        assertEquals(List.of(1, 2, 3), progress.stream().map(JobProgress::getPiecesDone).toList(),
                "one progress record per newly counted piece, repeats ignored");
        assertEquals(List.of(PIECE_MS, 2 * PIECE_MS, 3 * PIECE_MS),
                progress.stream().map(JobProgress::getAudioMsDone).toList());
        assertTrue(progress.stream().allMatch(p -> p.getPiecesTotal() == 3 && p.getAudioMsTotal() == 90_000));
    }

    @Test
    void aFailedPieceGivesOneFailedResultNamingThePieceAndItsTimeRange() throws Exception {
        send(ok("job-2", 0, 4));
        send(failed("job-2", 2, 4));
        send(ok("job-2", 1, 4));
        send(ok("job-2", 2, 4)); // a late success of the failed piece changes nothing
        send(ok("job-2", 3, 4));

        List<TranscriptResult> results = results(RESULTS);
        assertEquals(1, results.size());
        TranscriptResult r = results.get(0);
        assertEquals(JobStatus.FAILED, r.getStatus());
        assertEquals("CORRUPT_AUDIO", r.getErrorCode());
        assertEquals("piece 3/4 (60.0 s - 90.0 s) failed: injected", r.getErrorMessage());
        assertEquals("", r.getText(), "no partial transcript");
        assertEquals(List.of(r), results(DLQ), "the failure is also dead-lettered");
        JobProgress last = progress().get(1);
        assertTrue(last.getFailed());
        assertEquals(1, last.getPiecesDone());
    }

    @Test
    void jobsAreStitchedIndependentlyAndGarbageIsSkipped() throws Exception {
        send(ok("a", 0, 2));
        pieceResults.pipeInput("garbage", new byte[]{1, 2, 3});
        send(ok("b", 0, 1));
        send(ok("a", 5, 2)); // index outside the job: ignored
        send(ok("a", 1, 3)); // count differs from the job's: ignored
        assertEquals(List.of("b"), results(RESULTS).stream().map(TranscriptResult::getJobId).toList());
        send(ok("a", 1, 2));
        assertEquals(List.of("a"), results(RESULTS).stream().map(TranscriptResult::getJobId).toList());
    }

    @Test
    void finishedJobsAreForgottenAfterTheRetentionSoTheStoreDoesNotGrow() {
        send(ok("old", 0, 1));
        assertEquals(1, results(RESULTS).size());
        var store = driver.<String, byte[]>getKeyValueStore(PieceStitcherTopology.STORE);
        assertTrue(store.get("old") != null, "finished marker kept to ignore repeats");
        pieceResults.pipeInput("later", PieceCodec.encode(ok("later", 0, 2)), Instant.ofEpochMilli(1_000_000)
                .plus(Duration.ofHours(2)));
        assertEquals(null, store.get("old"), "marker dropped once stream time passed the retention");
        assertTrue(store.get("later") != null);
    }

    @Test
    void runsWithExactlyOnceV2() {
        assertEquals(StreamsConfig.EXACTLY_ONCE_V2, PieceStitcherTopology.streamsConfig("b:9092", "app")
                .get(StreamsConfig.PROCESSING_GUARANTEE_CONFIG));
    }

    private void send(PieceResult piece) {
        pieceResults.pipeInput(piece.getJobId(), PieceCodec.encode(piece));
    }

    private static PieceResult.Builder base(String jobId, int index, int count) {
        return PieceResult.newBuilder().setJobId(jobId).setIndex(index).setCount(count).setOffsetMs(index * PIECE_MS)
                .setDurationMs(PIECE_MS).setAudioDurationMs(count * PIECE_MS).setProvider("whisper").setModel("m")
                .setLane("large").setWorkerId("worker-" + index).setProcessingMs(4_000).setQueueWaitMs(100 + index)
                .setSourceTopic("asr.jobs.large").setSourcePartition(0).setSourceOffset(42L);
    }

    private static PieceResult ok(String jobId, int index, int count) {
        String[] words = {"one", "two", "three", "four"};
        String text = "piece " + words[Math.min(index, 3)];
        return base(jobId, index, count).setStatus(PieceStatus.OK).setText(text)
                .setSegments(List.of(new PieceSegment(500L, 2_000L, text))).build();
    }

    private static PieceResult failed(String jobId, int index, int count) {
        return base(jobId, index, count).setStatus(PieceStatus.FAILED).setErrorCode("CORRUPT_AUDIO")
                .setErrorMessage("injected").build();
    }

    private TestOutputTopic<String, byte[]> output(String topic) {
        return driver.createOutputTopic(topic, new StringDeserializer(), new ByteArrayDeserializer());
    }

    private List<TranscriptResult> results(String topic) {
        List<TranscriptResult> out = new ArrayList<>();
        for (byte[] value : output(topic).readValuesToList()) {
            try {
                out.add(PieceCodec.decodeResult(value));
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        }
        return out;
    }

    private List<JobProgress> progress() throws IOException {
        List<JobProgress> out = new ArrayList<>();
        for (byte[] value : output(PieceTopics.DEFAULT.progress()).readValuesToList()) {
            out.add(PieceCodec.decodeProgress(value));
        }
        return out;
    }
}
