package io.asrhub.pieces;

import io.asrhub.schema.JobProgress;
import io.asrhub.schema.JobStatus;
import io.asrhub.schema.PieceResult;
import io.asrhub.schema.Segment;
import io.asrhub.schema.SplitManifest;
import io.asrhub.schema.TranscriptResult;
import io.asrhub.testsupport.Splits;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
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
import java.util.Map;
import java.util.Properties;

import static io.asrhub.testsupport.Splits.PIECE_MS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The stitching and admission rules on TopologyTestDriver: no broker needed. */
class PieceStitcherTopologyTest {
    private static final String RESULTS = "asr.transcripts";
    private static final String DLQ = "asr.jobs.dlq";
    private static final Duration RETENTION = Duration.ofHours(2);
    private static final Duration SPLIT_TIMEOUT = Duration.ofMinutes(10);

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private TopologyTestDriver driver;
    private TestInputTopic<String, byte[]> pieceResults;

    @BeforeEach
    void start() {
        Properties props = PieceStitcherTopology.streamsConfig("dummy:9092", "stitcher-test");
        props.put(StreamsConfig.STATE_DIR_CONFIG, "target/kafka-streams-test");
        driver = new TopologyTestDriver(PieceStitcherTopology.topology(PieceTopics.DEFAULT, RESULTS, DLQ,
                RETENTION, SPLIT_TIMEOUT, new StitchMeters(registry),
                new ByteArraySerializer()), props, Instant.ofEpochMilli(1_000_000));
        pieceResults = driver.createInputTopic(PieceTopics.DEFAULT.pieceResults(), new StringSerializer(),
                new ByteArraySerializer(), Instant.ofEpochMilli(1_000_000), Duration.ofMillis(10));
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    @Test
    void emitsOneStitchedResultWhenTheLastPieceArrivesWhateverTheOrderAndRepeats() throws Exception {
        Splits job = Splits.of("job-1", 3, 42);
        announce(job);
        send(job.ok(2, "piece three"));
        send(job.ok(0, "piece one"));
        send(job.ok(0, "piece one")); // redone after a crash
        assertTrue(output(RESULTS).isEmpty(), "no result before every piece arrived");
        send(job.ok(1, "piece two"));
        send(job.ok(1, "piece two")); // repeat after the result: ignored
        send(job.ok(2, "piece three"));

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
        assertEquals(0, rejectedTotal(), "repeats with the same text are not rejections");

        List<JobProgress> progress = progress();
        assertEquals(List.of(1, 2, 3), progress.stream().map(JobProgress::getPiecesDone).toList(),
                "one progress record per newly counted piece, repeats ignored");
        assertEquals(List.of(PIECE_MS, 2 * PIECE_MS, 3 * PIECE_MS),
                progress.stream().map(JobProgress::getAudioMsDone).toList());
        assertTrue(progress.stream().allMatch(p -> p.getPiecesTotal() == 3 && p.getAudioMsTotal() == 90_000
                && p.getSplitId().equals(job.splitId)));
    }

    @Test
    void aFailedPieceGivesOneFailedResultNamingThePieceAndItsTimeRange() throws Exception {
        Splits job = Splits.of("job-2", 4, 7);
        announce(job);
        send(job.ok(0));
        send(job.failed(2, "CORRUPT_AUDIO", "injected"));
        send(job.ok(1));
        send(job.ok(2)); // a late success of the failed piece changes nothing
        send(job.ok(3));

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
    void aForgedPieceOfNinetyNineBeforeTheRealJobIsDroppedAndTheRealJobIsAnswered() {
        Splits forged = Splits.of("victim-long", 99, 0);
        send(forged.ok(0)); // no manifest was ever written for it
        Splits real = Splits.of("victim-long", 2, 0);
        announce(real);
        send(real.ok(0));
        send(real.ok(1));
        List<TranscriptResult> results = results(RESULTS);
        assertEquals(1, results.size());
        assertEquals(JobStatus.OK, results.get(0).getStatus());
        assertEquals("victim-long piece 1 victim-long piece 2", results.get(0).getText());
        assertEquals(1.0, rejected("unknown-split"));
    }

    @Test
    void aForgedOnePieceResultWithoutAnAnnouncedSplitPublishesNothing() {
        send(Splits.of("someone-else", 1, 3).ok(0, "fake transcript"));
        PieceResult noSplit = PieceResult.newBuilder(Splits.of("someone-else", 1, 3).ok(0, "fake")).setSplitId("").build();
        send(noSplit); // as a pre-upgrade worker (or a forger not knowing the field) writes it
        assertTrue(output(RESULTS).isEmpty(), "no fake transcript");
        assertTrue(output(PieceTopics.DEFAULT.progress()).isEmpty());
        assertEquals(1.0, rejected("unknown-split"));
        assertEquals(1.0, rejected("no-split"));
    }

    @Test
    void piecesThatDoNotFitTheAnnouncedSplitAreRejectedByReason() {
        Splits job = Splits.of("a", 2, 1);
        announce(job);
        pieceResults.pipeInput("garbage", new byte[]{1, 2, 3});
        send(PieceResult.newBuilder(job.ok(5)).build()); // index outside the split
        send(PieceResult.newBuilder(job.ok(1)).setCount(3).build()); // another count
        send(PieceResult.newBuilder(job.ok(1)).setOffsetMs(12_345).build()); // not where the manifest puts it
        send(PieceResult.newBuilder(job.ok(1)).setSplitId(Splits.of("a", 2, 1).splitId).build()); // unknown split
        send(job.ok(0, "the real text"));
        send(job.ok(0, "a different text")); // a second, different result for a counted piece
        assertTrue(output(RESULTS).isEmpty());
        send(job.ok(1));
        List<TranscriptResult> results = results(RESULTS);
        assertEquals(1, results.size());
        assertEquals("the real text a piece 2", results.get(0).getText(), "the first result of a piece counts");
        for (String reason : List.of("unreadable", "index-out-of-range", "count-mismatch", "layout-mismatch",
                "unknown-split", "conflicting-duplicate")) {
            assertEquals(1.0, rejected(reason), reason);
        }
    }

    @Test
    void manifestsThatNoWorkerWritesAreRejected() {
        SplitManifest m = Splits.of("b", 2, 1).manifest();
        pieceResults.pipeInput("another-job", PieceCodec.encode(m)); // keyed apart from its pieces
        pieceResults.pipeInput("b", PieceCodec.encode(SplitManifest.newBuilder(m).setCount(0).build()));
        pieceResults.pipeInput("b", PieceCodec.encode(SplitManifest.newBuilder(m).setCount(3).build()));
        assertEquals(3.0, rejected("bad-manifest"));
        send(Splits.of("b", 2, 1).ok(0));
        assertEquals(1.0, rejected("unknown-split"), "none of them announced a split");
    }

    @Test
    void twoSubmissionsWithOneJobIdAreStitchedApartEvenWithTheSamePieceCount() {
        Splits first = Splits.of("same-id", 2, 10);
        Splits second = Splits.of("same-id", 2, 11);
        announce(first);
        announce(second);
        send(first.ok(0, "first zero"));
        send(second.ok(0, "second zero"));
        send(second.ok(1, "second one"));
        send(first.ok(1, "first one"));
        List<TranscriptResult> results = results(RESULTS);
        assertEquals(2, results.size(), "one final result per submission");
        assertEquals("second zero second one", results.get(0).getText());
        assertEquals(11L, results.get(0).getSourceOffset(), "a result names its submission");
        assertEquals("first zero first one", results.get(1).getText());
        assertEquals(10L, results.get(1).getSourceOffset());
    }

    @Test
    void aJobIdReusedRightAfterItsResultGetsItsOwnResult() {
        Splits first = Splits.of("reused", 1, 20);
        announce(first);
        send(first.ok(0, "first"));
        Splits again = Splits.of("reused", 1, 21);
        announce(again);
        send(again.ok(0, "again"));
        assertEquals(List.of("first", "again"), results(RESULTS).stream().map(TranscriptResult::getText).toList());
    }

    @Test
    void aSubmissionSplitAgainAfterACrashGetsOneResultFromThePiecesOfBothSplits() {
        Splits before = Splits.of("crashed", 3, 5);
        Splits after = before.splitAgain();
        announce(before);
        send(before.ok(0));
        announce(after);
        send(after.ok(0));
        send(after.ok(1));
        send(before.ok(2));
        List<TranscriptResult> results = results(RESULTS);
        assertEquals(1, results.size(), "one result for the one submission");
        assertEquals("crashed piece 1 crashed piece 2 crashed piece 3", results.get(0).getText());
        assertEquals(0, rejectedTotal());
    }

    @Test
    void aSplitWhosePiecesStopArrivingEndsInOneFailedResultAfterTheSplitTimeout() throws Exception {
        Splits job = Splits.of("stalled", 3, 9);
        announce(job);
        send(job.ok(0));
        driver.advanceWallClockTime(SPLIT_TIMEOUT.minusSeconds(31));
        assertTrue(output(RESULTS).isEmpty(), "not before the bound");
        driver.advanceWallClockTime(Duration.ofSeconds(62));
        List<TranscriptResult> results = results(RESULTS);
        assertEquals(1, results.size());
        TranscriptResult r = results.get(0);
        assertEquals(JobStatus.FAILED, r.getStatus());
        assertEquals("SPLIT_TIMEOUT", r.getErrorCode());
        assertEquals("no piece result for 600000 ms (chunking.split-timeout-ms): 1 of 3 pieces done",
                r.getErrorMessage());
        assertEquals(9L, r.getSourceOffset());
        assertEquals(List.of(r), results(DLQ));
        assertTrue(progress().get(1).getFailed());
        send(job.ok(1));
        send(job.ok(2));
        driver.advanceWallClockTime(SPLIT_TIMEOUT.multipliedBy(2));
        assertTrue(output(RESULTS).isEmpty(), "late pieces and later sweeps add nothing");
    }

    /** A timeout has no input record to copy the trace from: it comes from the split's manifest. */
    @Test
    void aSplitTimeoutResultCarriesTheTraceContextItsManifestCarried() {
        String traceparent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
        Splits job = Splits.of("stalled-traced", 2, 4);
        pieceResults.pipeInput(new org.apache.kafka.streams.test.TestRecord<>(job.jobId,
                PieceCodec.encode(job.manifest()), new org.apache.kafka.common.header.internals.RecordHeaders()
                .add("traceparent", traceparent.getBytes(java.nio.charset.StandardCharsets.US_ASCII))));
        send(job.ok(0)); // a piece without trace headers changes nothing
        driver.advanceWallClockTime(SPLIT_TIMEOUT.plusSeconds(62));
        var finals = output(RESULTS).readRecordsToList();
        assertEquals(1, finals.size());
        assertEquals(traceparent, text(finals.get(0).headers(), "traceparent"));
        assertEquals(traceparent, text(output(DLQ).readRecordsToList().get(0).headers(), "traceparent"));
    }

    @Test
    void finishedSubmissionsAreForgottenAfterTheRetentionSoTheStoreDoesNotGrow() {
        Splits old = Splits.of("old", 1, 1);
        announce(old);
        send(old.ok(0));
        assertEquals(1, results(RESULTS).size());
        var store = driver.<String, byte[]>getKeyValueStore(PieceStitcherTopology.STORE);
        assertEquals(1, count(store), "finished marker kept to ignore repeats");
        driver.advanceWallClockTime(RETENTION.plusMinutes(31));
        assertEquals(0, count(store), "marker dropped once the retention passed");
    }

    @Test
    void runsWithExactlyOnceV2() {
        assertEquals(StreamsConfig.EXACTLY_ONCE_V2, PieceStitcherTopology.streamsConfig("b:9092", "app")
                .get(StreamsConfig.PROCESSING_GUARANTEE_CONFIG));
    }

    private static int count(org.apache.kafka.streams.state.KeyValueStore<String, byte[]> store) {
        int n = 0;
        try (var all = store.all()) {
            while (all.hasNext()) {
                all.next();
                n++;
            }
        }
        return n;
    }

    private double rejected(String reason) {
        return registry.get("asr.stitch.rejected").tag("reason", reason).counter().count();
    }

    private double rejectedTotal() {
        return registry.find("asr.stitch.rejected").counters().stream().mapToDouble(c -> c.count()).sum();
    }

    @Test
    void theProgressAndFinalRecordsCarryTheTraceContextOfThePieces() throws Exception {
        String traceparent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
        Splits job = Splits.of("job-traced", 2, 5);
        announce(job);
        for (int i = 0; i < 2; i++) {
            org.apache.kafka.common.header.Headers headers = new org.apache.kafka.common.header.internals.RecordHeaders()
                    .add("traceparent", traceparent.getBytes(java.nio.charset.StandardCharsets.US_ASCII))
                    .add("tracestate", "congo=t61rcWkgMzE".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            pieceResults.pipeInput(new org.apache.kafka.streams.test.TestRecord<>(job.jobId,
                    PieceCodec.encode(job.ok(i)), headers));
        }
        var finals = output(RESULTS).readRecordsToList();
        assertEquals(1, finals.size());
        assertEquals(traceparent, text(finals.get(0).headers(), "traceparent"));
        assertEquals("congo=t61rcWkgMzE", text(finals.get(0).headers(), "tracestate"));
        var progress = output(PieceTopics.DEFAULT.progress()).readRecordsToList();
        assertEquals(2, progress.size());
        progress.forEach(p -> assertEquals(traceparent, text(p.headers(), "traceparent")));

        // The stitcher's lines about a record carry its job and trace: a piece of an unknown split is dropped.
        List<Map<String, String>> lines = new java.util.concurrent.CopyOnWriteArrayList<>();
        ch.qos.logback.classic.Logger logger = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory
                .getLogger(StitchProcessor.class);
        ch.qos.logback.core.AppenderBase<ch.qos.logback.classic.spi.ILoggingEvent> capture =
                new ch.qos.logback.core.AppenderBase<>() {
                    @Override
                    protected void append(ch.qos.logback.classic.spi.ILoggingEvent event) {
                        lines.add(Map.copyOf(event.getMDCPropertyMap())); // on the writing thread
                    }
                };
        capture.setContext(logger.getLoggerContext());
        capture.start();
        logger.addAppender(capture);
        try {
            Splits stray = Splits.of("job-stray", 2, 6);
            pieceResults.pipeInput(new org.apache.kafka.streams.test.TestRecord<>(stray.jobId,
                    PieceCodec.encode(stray.ok(0)), new org.apache.kafka.common.header.internals.RecordHeaders()
                    .add("traceparent", traceparent.getBytes(java.nio.charset.StandardCharsets.US_ASCII))));
        } finally {
            logger.detachAppender(capture);
        }
        assertEquals(1, lines.size(), lines.toString());
        assertEquals("job-stray", lines.get(0).get("jobId"));
        assertEquals(traceparent, lines.get(0).get("traceparent"));
        assertEquals(null, org.slf4j.MDC.get("jobId"), "cleared after the record");
    }

    private static String text(org.apache.kafka.common.header.Headers headers, String name) {
        var h = headers.lastHeader(name);
        return h == null ? null : new String(h.value(), java.nio.charset.StandardCharsets.US_ASCII);
    }

    private void announce(Splits split) {
        pieceResults.pipeInput(split.jobId, PieceCodec.encode(split.manifest()));
    }

    private void send(PieceResult piece) {
        pieceResults.pipeInput(piece.getJobId(), PieceCodec.encode(piece));
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
