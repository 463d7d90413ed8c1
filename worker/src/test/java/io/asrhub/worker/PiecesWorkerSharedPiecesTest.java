package io.asrhub.worker;

import io.asrhub.audio.WavWriter;
import io.asrhub.pieces.PieceSettings;
import io.asrhub.pieces.PieceTopics;
import org.apache.kafka.clients.consumer.AcknowledgeType;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CountDownLatch;

import static io.asrhub.worker.MockWorker.PIECES_0;
import static io.asrhub.worker.MockWorker.SMALL_0;
import static io.asrhub.worker.MockWorker.job;
import static io.asrhub.worker.MockWorker.waitUntil;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every rule of {@link PiecesWorkerTest} again on a consumer-group worker whose pieces come from
 * their own share group (lanes: MockConsumer; pieces: {@link io.asrhub.testsupport.ShareBrokerDouble}),
 * plus the contract of that composite source: a piece is settled (ACCEPT) only once its piece result
 * is acknowledged by the broker, a piece waiting for a slot is renewed, never released, and lane
 * jobs keep the consumer group's semantics (their offsets committed, nothing acknowledged on a share
 * group for them).
 */
class PiecesWorkerSharedPiecesTest extends PiecesWorkerTest {
    @Override
    MockWorker.Mode mode() {
        return MockWorker.Mode.GROUP_SHARED_PIECES;
    }

    @Test
    void aPieceIsAcceptedOnlyAfterItsResultIsWrittenAndALaneJobIsCommittedOnTheGroup() throws Exception {
        try (MockWorker manual = new MockWorker(mode(), false)) {
            manual.provider("fake", 2, 0).pieces(PieceSettings.DEFAULT).start();
            manual.add(piece(0, "parent", 0, 2, 5_000, WavWriter.pcm16(tone(5), 16_000)));
            waitUntil(() -> manual.published(PieceTopics.DEFAULT.pieceResults()).size() == 1);
            manual.awaitPolls(20);
            assertNull(manual.share(PIECES_0).settlement(PIECES_0.topic(), 0, 0), "sent, not acknowledged yet");
            assertTrue(manual.producer.completeNext());
            waitUntil(() -> manual.share(PIECES_0).settlement(PIECES_0.topic(), 0, 0) == AcknowledgeType.ACCEPT);

            manual.add(job(SMALL_0, 0, "short", null));
            waitUntil(() -> manual.results().size() == 1);
            manual.awaitPolls(20);
            assertTrue(manual.committed(SMALL_0) < 1, "not committed past before its result is written");
            assertTrue(manual.producer.completeNext());
            waitUntil(() -> manual.committed(SMALL_0) == 1);
            assertEquals(null, manual.share(SMALL_0), "lanes have no share consumer: the group owns them");
        }
    }

    @Test
    void aBusyOneSlotWorkerLeavesTheNextPieceToOthersAndNeverReleasesOne() throws Exception {
        w.provider("fake", 1, 0).pieces(PieceSettings.DEFAULT).start();
        CountDownLatch gate = new CountDownLatch(1);
        w.providers.get("fake").gate = gate;
        w.add(piece(0, "p", 0, 2, 5_000, WavWriter.pcm16(tone(5), 16_000)));
        waitUntil(() -> w.providers.get("fake").concurrentCalls.get() == 1);
        w.add(piece(1, "p", 1, 2, 5_000, WavWriter.pcm16(tone(5), 16_000)));
        w.awaitPolls(20);
        assertEquals(0, w.share(PIECES_0).deliveries(PIECES_0.topic(), 0, 1),
                "a one-slot worker busy with a piece does not take the next one: another worker may");
        gate.countDown();
        waitUntil(() -> w.share(PIECES_0).settledPrefix(PIECES_0.topic(), 0) == 2);
        assertEquals(0, w.share(PIECES_0).releases(PIECES_0.topic(), 0, 0) + w.share(PIECES_0)
                .releases(PIECES_0.topic(), 0, 1));
        assertEquals(1, w.share(PIECES_0).deliveries(PIECES_0.topic(), 0, 1));
    }
}
