package io.asrhub.worker;

import io.asrhub.audio.WavWriter;
import io.asrhub.pieces.PieceSettings;
import io.asrhub.pieces.PieceTopics;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.asrhub.worker.MockWorker.LARGE_0;
import static io.asrhub.worker.MockWorker.PIECES_0;
import static io.asrhub.worker.MockWorker.job;
import static io.asrhub.worker.MockWorker.waitUntil;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * A long job's trace context goes with its split: the manifest, every piece and the first progress
 * record carry it; a worker running a piece carries it on to the piece result, and labels the piece's
 * log lines with the parent job, the split and the piece.
 */
class PieceTraceTest {
    private static final PieceTopics TOPICS = PieceTopics.DEFAULT;
    private static final String TRACE = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

    @Test
    void theSplitAndEachPieceResultCarryTheParentsTraceparent() throws Exception {
        JobTraceAndLogTest.Events events = JobTraceAndLogTest.Events.attach();
        try (MockWorker w = new MockWorker().provider("fake", 2, 0).pieces(PieceSettings.DEFAULT).start()) {
            float[] samples = new float[100 * 16_000];
            for (int i = 0; i < samples.length; i++) {
                samples[i] = (float) (0.3 * Math.sin(2 * Math.PI * 220 * i / 16_000.0));
            }
            ConsumerRecord<String, byte[]> parent = job(LARGE_0, 0, "long-traced", null,
                    WavWriter.pcm16(samples, 16_000));
            parent.headers().add("traceparent", TRACE.getBytes(StandardCharsets.US_ASCII));
            w.add(parent);
            waitUntil(() -> w.committed(LARGE_0) == 1);
            List<ProducerRecord<String, byte[]>> split = new ArrayList<>(w.published(TOPICS.pieces()));
            split.addAll(w.published(TOPICS.pieceResults())); // the manifest
            split.addAll(w.published(TOPICS.progress()));
            assertEquals(4 + 1 + 1, split.size());
            split.forEach(r -> assertEquals(TRACE, traceparent(r), r.topic() + " " + r.key()));

            ProducerRecord<String, byte[]> first = w.published(TOPICS.pieces()).get(0);
            ConsumerRecord<String, byte[]> piece = new ConsumerRecord<>(PIECES_0.topic(), 0, 0, first.key(),
                    first.value());
            first.headers().forEach(h -> piece.headers().add(h));
            w.add(piece);
            waitUntil(() -> w.committed(PIECES_0) == 1);
            List<ProducerRecord<String, byte[]>> results = w.published(TOPICS.pieceResults());
            assertEquals(2, results.size(), "the manifest and the piece's result");
            assertEquals(TRACE, traceparent(results.get(1)));

            Map<String, String> line = events.lineOf("long-traced", "piece transcribed");
            assertEquals("0", line.get("pieceIndex"));
            assertEquals(32, line.get("splitId").length(), line.toString());
            assertEquals(TRACE, line.get("traceparent"));
            assertFalse(line.get("worker").isEmpty());
        } finally {
            events.detach();
        }
    }

    private static String traceparent(ProducerRecord<String, byte[]> r) {
        var h = r.headers().lastHeader("traceparent");
        return h == null ? null : new String(h.value(), StandardCharsets.US_ASCII);
    }
}
