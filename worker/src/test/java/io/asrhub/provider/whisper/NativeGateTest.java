package io.asrhub.provider.whisper;

import org.junit.jupiter.api.Test;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The gate around whisper-jni's unsynchronised native tables: a state create/free (exclusive) gets
 * in while decodes keep arriving — it waits only for the decodes already running, and new decodes
 * queue behind it. Before, a steady stream of overlapping decodes starved it for ever.
 */
class NativeGateTest {
    @Test
    void aWriterIsNotStarvedByOverlappingDecodes() throws Exception {
        NativeGate gate = new NativeGate();
        AtomicInteger order = new AtomicInteger();
        gate.enterShared(); // a long decode is running
        CountDownLatch writerDone = new CountDownLatch(1);
        int[] writerTurn = new int[1];
        Thread writer = new Thread(() -> {
            gate.enterExclusive();
            writerTurn[0] = order.incrementAndGet();
            gate.exitExclusive();
            writerDone.countDown();
        });
        writer.start();
        waitForState(writer, Thread.State.WAITING);
        int[] laterDecodeTurn = new int[1];
        Thread laterDecode = new Thread(() -> {
            gate.enterShared();
            laterDecodeTurn[0] = order.incrementAndGet();
            gate.exitShared();
        });
        laterDecode.start();
        waitForState(laterDecode, Thread.State.WAITING); // queued behind the waiting writer
        assertEquals(1, gate.decoding(), "only the decode that was already running");
        gate.exitShared(); // the running decode ends
        assertTrue(writerDone.await(5, TimeUnit.SECONDS), "the writer got in");
        laterDecode.join(5_000);
        assertEquals(1, writerTurn[0], "writer first");
        assertEquals(2, laterDecodeTurn[0], "then the decode that arrived while it waited");
    }

    private static void waitForState(Thread t, Thread.State state) throws Exception {
        io.asrhub.testsupport.Await.until(t.getName() + " " + state, () -> t.getState() == state, java.time.Duration.ofSeconds(5));
    }
}
