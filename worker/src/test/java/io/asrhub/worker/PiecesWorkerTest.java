package io.asrhub.worker;

import io.asrhub.audio.AudioDecoder;
import io.asrhub.audio.WavWriter;
import io.asrhub.config.AudioLimits;
import io.asrhub.pieces.PieceCodec;
import io.asrhub.pieces.PieceSettings;
import io.asrhub.pieces.PieceTopics;
import io.asrhub.records.AvroCodec;
import io.asrhub.records.Lane;
import io.asrhub.schema.AudioPiece;
import io.asrhub.schema.JobProgress;
import io.asrhub.schema.PieceResult;
import io.asrhub.schema.PieceStatus;
import io.asrhub.schema.SplitManifest;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

import static io.asrhub.worker.MockWorker.LARGE_0;
import static io.asrhub.worker.MockWorker.MEDIUM_0;
import static io.asrhub.worker.MockWorker.PIECES_0;
import static io.asrhub.worker.MockWorker.job;
import static io.asrhub.worker.MockWorker.waitUntil;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The worker side of distributed long audio on MockConsumer/MockProducer: long jobs of a
 * distributed lane become pieces (committed once published, nothing recognised), pieces are
 * recognised like jobs and answered on the piece-results topic, and bad piece records never stop
 * the loop.
 */
class PiecesWorkerTest {
    private static final PieceTopics TOPICS = PieceTopics.DEFAULT;
    final MockWorker w = new MockWorker(mode());

    /** The source under test; {@link PiecesWorkerShareTest} runs every rule again on share groups. */
    MockWorker.Mode mode() {
        return MockWorker.Mode.GROUP;
    }

    @AfterEach
    void stop() {
        w.close();
    }

    @Test
    void aLongJobOfADistributedLaneIsPublishedAsPiecesAndCommittedWithoutBeingRecognised() throws Exception {
        w.provider("fake", 2, 0).pieces(PieceSettings.DEFAULT).start();
        float[] samples = tone(100);
        w.add(job(LARGE_0, 0, "long-1", null, WavWriter.pcm16(samples, 16_000)));
        waitUntil(() -> w.committed(LARGE_0) == 1);
        List<ProducerRecord<String, byte[]>> pieces = w.published(TOPICS.pieces());
        assertEquals(4, pieces.size(), "100 s in pieces of at most 30 s");
        List<ProducerRecord<String, byte[]>> announced = w.published(TOPICS.pieceResults());
        assertEquals(1, announced.size(), "one manifest, keyed like the piece results");
        assertEquals("long-1", announced.get(0).key());
        SplitManifest manifest = PieceCodec.decodeManifest(announced.get(0).value());
        assertTrue(manifest.getSplitId().matches("[0-9a-f]{32}"), "128 random bits: " + manifest.getSplitId());
        assertEquals(4, manifest.getCount());
        assertEquals(LARGE_0.topic(), manifest.getSourceTopic());
        assertTrue(w.producer.history().indexOf(announced.get(0)) < w.producer.history().indexOf(pieces.get(0)),
                "the manifest is sent before the pieces");
        List<float[]> audio = new ArrayList<>();
        long expectedOffset = 0;
        for (int i = 0; i < pieces.size(); i++) {
            AudioPiece piece = AvroCodec.decodePiece(pieces.get(i).value());
            assertEquals("long-1#" + i, pieces.get(i).key());
            assertEquals(i, piece.getIndex());
            assertEquals(4, piece.getCount());
            assertEquals(manifest.getSplitId(), piece.getSplitId());
            assertEquals(manifest.getPieces().get(i).getOffsetMs(), piece.getOffsetMs());
            assertEquals(expectedOffset, piece.getOffsetMs(), "pieces are contiguous");
            assertTrue(piece.getDurationMs() <= 30_000);
            assertEquals("large", piece.getLane());
            assertEquals(LARGE_0.topic(), piece.getSourceTopic());
            expectedOffset += piece.getDurationMs();
            byte[] wav = new byte[piece.getAudio().remaining()];
            piece.getAudio().duplicate().get(wav);
            audio.add(new AudioDecoder(AudioLimits.DEFAULT).decode("piece", wav, 16_000).samples());
        }
        assertEquals(100_000, expectedOffset);
        float[] joined = join(audio);
        assertEquals(samples.length, joined.length, "no sample lost or repeated");
        for (int i = 0; i < samples.length; i += 997) {
            assertEquals(samples[i], joined[i], 1e-3, "sample " + i);
        }
        JobProgress progress = PieceCodec.decodeProgress(w.published(TOPICS.progress()).get(0).value());
        assertEquals(0, progress.getPiecesDone());
        assertEquals(4, progress.getPiecesTotal());
        assertEquals(manifest.getSplitId(), progress.getSplitId());
        assertEquals(0, w.providers.get("fake").calls.get(), "the parent itself is not recognised");
        assertEquals(0, w.results().size(), "its final result comes from the stitcher");
        assertEquals(1.0, w.registry.get("asr.jobs.split").tag("lane", "large").counter().count());
        assertEquals(4.0, w.registry.get("asr.pieces.published").tag("lane", "large").counter().count());
    }

    /**
     * Cutting and sending recognise nothing, so a splitting job gives its slot back once the cut points
     * are known: with one slot, a piece runs while the split is still sending (here held up by sends the
     * broker has not acknowledged). Before, the split kept the slot to the end and the piece waited.
     */
    @Test
    void whileALongJobIsBeingSentItsSlotRunsPieces() throws Exception {
        try (MockWorker held = new MockWorker(mode(), false)) {
            held.provider("fake", 1, 0).pieces(PieceSettings.DEFAULT).start();
            held.add(job(LARGE_0, 0, "long-1", null, WavWriter.pcm16(tone(300), 16_000)));
            waitUntil(() -> held.published(TOPICS.pieceResults()).size() == 1);
            held.producer.completeNext(); // the manifest: then pieces go out, at most a few unacknowledged
            waitUntil(() -> held.published(TOPICS.pieces()).size() >= 4);
            assertEquals(4, held.published(TOPICS.pieces()).size(), "the split waits for acknowledgements");

            held.add(piece(0, "other", 0, 2, 30_000, WavWriter.pcm16(tone(10), 16_000)));
            waitUntil(() -> held.providers.get("fake").calls.get() == 1);

            waitUntil(() -> {
                while (held.producer.completeNext()) {
                    // acknowledge everything sent so far, so the split and the piece's result finish
                }
                return held.committed(LARGE_0) == 1 && held.committed(PIECES_0) == 1;
            });
            int count = PieceCodec.decodeManifest(held.published(TOPICS.pieceResults()).get(0).value()).getCount();
            assertEquals(count, held.published(TOPICS.pieces()).size(), "every piece of the split was sent");
        }
    }

    @Test
    void jobsOfOtherLanesAndShortJobsRunWhole() throws Exception {
        PieceSettings largeOnly = PieceSettings.read(io.asrhub.config.Settings.of(
                java.util.Map.of("chunking.distributed", "large")));
        w.provider("fake", 2, 0).pieces(largeOnly).start();
        w.add(job(MEDIUM_0, 0, "medium-long", null, WavWriter.pcm16(tone(100), 16_000)));
        w.add(job(LARGE_0, 0, "large-short", null, WavWriter.pcm16(tone(20), 16_000)));
        waitUntil(() -> w.results().size() == 2);
        assertEquals(0, w.published(TOPICS.pieces()).size());
    }

    @Test
    void aPieceIsRecognisedLikeAJobAndAnsweredOnThePieceResultsTopic() throws Exception {
        w.provider("fake", 1, 0).pieces(PieceSettings.DEFAULT).start();
        w.add(piece(0, "parent", 2, 3, 30_000, WavWriter.pcm16(tone(10), 16_000)));
        waitUntil(() -> w.committed(PIECES_0) == 1);
        List<ProducerRecord<String, byte[]>> out = w.published(TOPICS.pieceResults());
        assertEquals(1, out.size());
        assertEquals("parent", out.get(0).key(), "keyed by the job: all its pieces meet in one stitcher task");
        PieceResult r = PieceCodec.decodePieceResult(out.get(0).value());
        assertEquals(PieceStatus.OK, r.getStatus());
        assertEquals(2, r.getIndex());
        assertEquals(3, r.getCount());
        assertEquals(60_000, r.getOffsetMs());
        assertEquals("split-of-parent", r.getSplitId(), "copied from the piece: the stitcher stitches per split");
        assertEquals("unit", r.getWorkerId());
        assertEquals(0, w.results().size());
        assertEquals(1.0, w.registry.get("asr.pieces.completed").tags("lane", "large", "status", "ok")
                .counter().count());
    }

    @Test
    void aPieceWithBrokenAudioFailsForGoodAsAFailedPieceResult() throws Exception {
        w.provider("fake", 1, 0).pieces(PieceSettings.DEFAULT).start();
        w.add(piece(0, "parent", 0, 2, 5_000, "RIFF....WAVEnot audio".getBytes()));
        waitUntil(() -> w.committed(PIECES_0) == 1);
        PieceResult r = PieceCodec.decodePieceResult(w.published(TOPICS.pieceResults()).get(0).value());
        assertEquals(PieceStatus.FAILED, r.getStatus());
        assertEquals("CORRUPT_AUDIO", r.getErrorCode());
        assertEquals(0, w.deadLetters().size(), "the stitcher writes the job's one dead letter");
    }

    @Test
    void unreadablePieceRecordsAreDeadLetteredAndTheLoopGoesOn() throws Exception {
        w.provider("fake", 1, 0).pieces(PieceSettings.DEFAULT).start();
        w.add(new ConsumerRecord<>(PIECES_0.topic(), 0, 0, "x#0", "not avro".getBytes()));
        w.add(new ConsumerRecord<>(PIECES_0.topic(), 0, 1, "y#0", lengthBomb()));
        w.add(piece(2, "parent", 0, 1, 1_000, WavWriter.pcm16(tone(1), 16_000)));
        waitUntil(() -> w.committed(PIECES_0) == 3);
        assertEquals(2, w.deadLetters().size());
        assertTrue(w.deadLetters().stream().allMatch(r -> r.getErrorCode().equals("MALFORMED_RECORD")));
        assertEquals(1, w.published(TOPICS.pieceResults()).size(), "the good piece after them was answered");
        assertTrue(w.worker.isRunning());
    }

    @Test
    void piecesBorrowTheSmallLanesReservedSlotOnlyWhenLendingIsOn() throws Exception {
        assertEquals(2, concurrentPieces(true), "both slots run pieces while no small job waits");
        w.close();
        MockWorker strict = new MockWorker(mode());
        try {
            strict.provider("fake", 2, 1).pieces(PieceSettings.DEFAULT.withLendReservedSlot(false)).start();
            strict.providers.get("fake").gate = new CountDownLatch(1);
            strict.add(piece(0, "p", 0, 2, 5_000, WavWriter.pcm16(tone(5), 16_000)));
            strict.add(piece(1, "p", 1, 2, 5_000, WavWriter.pcm16(tone(5), 16_000)));
            waitUntil(() -> strict.providers.get("fake").concurrentCalls.get() == 1);
            strict.awaitPolls(10);
            assertEquals(1, strict.providers.get("fake").concurrentCalls.get(), "the reserved slot stays free");
        } finally {
            strict.close();
        }
    }

    @Test
    void aPieceRunningPastTheTimeoutIsDispatchedAgainAndItsPartitionMovesOn() throws Exception {
        w.provider("fake", 1, 0).pieces(PieceSettings.DEFAULT.withPieceTimeout(java.time.Duration.ofMillis(100)))
                .start();
        CountDownLatch stuck = new CountDownLatch(1);
        w.providers.get("fake").gate = stuck;
        w.add(piece(0, "p", 0, 2, 5_000, WavWriter.pcm16(tone(5), 16_000)));
        waitUntil(() -> w.published(TOPICS.pieces()).size() == 1);
        ProducerRecord<String, byte[]> again = w.published(TOPICS.pieces()).get(0);
        assertEquals("p#0", again.key());
        assertEquals(1, AvroCodec.decodePiece(again.value()).getAttempt());
        waitUntil(() -> w.committed(PIECES_0) == 1);
        assertEquals(1.0, w.registry.get("asr.pieces.timed_out").tag("lane", "large").counter().count());
        stuck.countDown(); // the late run ends: its result must not be published
        waitUntil(() -> w.providers.get("fake").concurrentCalls.get() == 0);
        w.awaitPolls(5);
        assertEquals(0, w.published(TOPICS.pieceResults()).size());
    }

    @Test
    void aPieceThatTimesOutOnItsLastDispatchFailsForGood() throws Exception {
        w.provider("fake", 1, 0).set("worker.max-attempts", "2")
                .pieces(PieceSettings.DEFAULT.withPieceTimeout(java.time.Duration.ofMillis(100))).start();
        w.providers.get("fake").gate = new CountDownLatch(1);
        AudioPiece second = AvroCodec.decodePiece(piece(0, "p", 1, 2, 5_000, WavWriter.pcm16(tone(5), 16_000))
                .value());
        second.setAttempt(1);
        w.add(new ConsumerRecord<>(PIECES_0.topic(), 0, 0, "p#1", PieceCodec.encode(second)));
        waitUntil(() -> w.published(TOPICS.pieceResults()).size() == 1);
        PieceResult r = PieceCodec.decodePieceResult(w.published(TOPICS.pieceResults()).get(0).value());
        assertEquals(PieceStatus.FAILED, r.getStatus());
        assertEquals("PIECE_TIMEOUT", r.getErrorCode());
        assertEquals(0, w.published(TOPICS.pieces()).size(), "not dispatched a third time");
    }

    private int concurrentPieces(boolean lend) throws Exception {
        w.provider("fake", 2, 1).pieces(PieceSettings.DEFAULT.withLendReservedSlot(lend)).start();
        w.providers.get("fake").gate = new CountDownLatch(1);
        w.add(piece(0, "p", 0, 2, 5_000, WavWriter.pcm16(tone(5), 16_000)));
        w.add(piece(1, "p", 1, 2, 5_000, WavWriter.pcm16(tone(5), 16_000)));
        waitUntil(() -> w.providers.get("fake").concurrentCalls.get() == 2);
        return w.providers.get("fake").concurrentCalls.get();
    }

    static ConsumerRecord<String, byte[]> piece(long offset, String jobId, int index, int count,
                                                        long durationMs, byte[] audio) {
        AudioPiece p = AudioPiece.newBuilder().setJobId(jobId).setSplitId("split-of-" + jobId).setIndex(index)
                .setCount(count)
                .setOffsetMs(index * durationMs).setDurationMs(durationMs).setAudio(ByteBuffer.wrap(audio))
                .setContentType("audio/wav").setLane(Lane.LARGE.name().toLowerCase()).build();
        return new ConsumerRecord<>(PIECES_0.topic(), 0, offset, jobId + "#" + index, PieceCodec.encode(p));
    }

    /** C3 01, the real AudioPiece fingerprint, then a job id declaring 1 GiB. */
    private static byte[] lengthBomb() {
        ByteBuffer b = ByteBuffer.allocate(15).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 0xC3).put((byte) 0x01)
                .putLong(org.apache.avro.SchemaNormalization.parsingFingerprint64(AudioPiece.getClassSchema()));
        b.put(new byte[] {(byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, 0x08}); // zig-zag 1 GiB
        return b.array();
    }

    /** A quiet tone with a short pause every 7 s, {@code seconds} long, at 16 kHz. */
    static float[] tone(int seconds) {
        float[] s = new float[seconds * 16_000];
        for (int i = 0; i < s.length; i++) {
            boolean pause = (i / 1_600) % 70 == 69;
            s[i] = pause ? 0f : (float) (0.3 * Math.sin(2 * Math.PI * 220 * i / 16_000.0));
        }
        return s;
    }

    private static float[] join(List<float[]> parts) {
        float[] out = new float[parts.stream().mapToInt(a -> a.length).sum()];
        int at = 0;
        for (float[] a : parts) {
            System.arraycopy(a, 0, out, at, a.length);
            at += a.length;
        }
        return out;
    }
}
