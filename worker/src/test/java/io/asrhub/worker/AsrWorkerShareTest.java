package io.asrhub.worker;

import io.asrhub.schema.JobStatus;
import org.apache.kafka.clients.consumer.AcknowledgeType;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CountDownLatch;

import static io.asrhub.worker.MockWorker.SMALL_0;
import static io.asrhub.worker.MockWorker.job;
import static io.asrhub.worker.MockWorker.waitUntil;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every rule of {@link AsrWorkerTest} again on share groups, plus the share source's own contract:
 * a record is settled only after its output is written, a delivery backing off is kept (renewed,
 * never released for instant redelivery), failures are rejected, and what a stop gives up is
 * released for another worker. {@link io.asrhub.testsupport.ShareBrokerDouble} fails the test if
 * a record of a poll is left unacknowledged before the next poll or is settled twice.
 */
class AsrWorkerShareTest extends AsrWorkerTest {
    @Override
    MockWorker.Mode mode() {
        return MockWorker.Mode.SHARE;
    }

    @Test
    void aRecordIsAcceptedOnlyAfterItsResultIsWritten() throws Exception {
        try (MockWorker manual = new MockWorker(mode(), false)) {
            manual.provider("fake", 1, 0).start();
            manual.add(job(SMALL_0, 0, "job-0", null));
            waitUntil(() -> manual.producer.history().size() == 1);
            manual.awaitPolls(20);
            assertNull(manual.share(SMALL_0).settlement(SMALL_0.topic(), 0, 0), "sent but not acknowledged yet");
            assertTrue(manual.producer.completeNext());
            waitUntil(() -> manual.share(SMALL_0).settlement(SMALL_0.topic(), 0, 0) == AcknowledgeType.ACCEPT);
        }
    }

    @Test
    void aJobBackingOffKeepsItsDeliveryUntilItSucceeds() throws Exception {
        w.provider("fake", 1, 0).set("worker.breaker-failures", "2").start();
        w.providers.get("fake").down = true;
        w.add(job(SMALL_0, 0, "job-0", null));
        waitUntil(() -> w.providers.get("fake").calls.get() >= 4);
        assertNull(w.share(SMALL_0).settlement(SMALL_0.topic(), 0, 0), "not settled while it backs off");
        w.providers.get("fake").down = false;
        waitUntil(() -> w.share(SMALL_0).settlement(SMALL_0.topic(), 0, 0) == AcknowledgeType.ACCEPT);
        assertEquals(1, w.share(SMALL_0).deliveries(SMALL_0.topic(), 0, 0),
                "renewed while it waited, never released for redelivery");
        assertEquals(JobStatus.OK, w.results().get(0).getStatus());
        assertEquals(0, w.deadLetters().size());
    }

    @Test
    void aDeadLetteredRecordIsRejected() throws Exception {
        w.provider("fake", 1, 0).start();
        w.add(new org.apache.kafka.clients.consumer.ConsumerRecord<>(SMALL_0.topic(), 0, 0L, "junk",
                "not avro".getBytes()));
        waitUntil(() -> w.share(SMALL_0).settlement(SMALL_0.topic(), 0, 0) == AcknowledgeType.REJECT);
        assertEquals(1, w.deadLetters().size());
    }

    @Test
    void aGracefulStopReleasesWhatItCouldNotFinish() throws Exception {
        w.provider("fake", 1, 0).set("worker.shutdown-grace-ms", "300").start();
        CountDownLatch gate = new CountDownLatch(1);
        w.providers.get("fake").gate = gate;
        w.add(job(SMALL_0, 0, "running", null));
        waitUntil(() -> w.providers.get("fake").concurrentCalls.get() == 1);
        w.worker.stop(); // the running job outlives the grace
        gate.countDown();
        assertNull(w.share(SMALL_0).settlement(SMALL_0.topic(), 0, 0), "given up unfinished: not settled");
        assertEquals(1, w.share(SMALL_0).releases(SMALL_0.topic(), 0, 0), "released for another worker");
        assertEquals(0, w.results().size());
    }
}
