package io.asrhub.worker;

import io.asrhub.testsupport.Await;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Liveness follows the process, readiness also the broker: an outage must not restart healthy pods. */
class WorkerHealthTest {
    @Test
    void anUnreachableBrokerMakesTheWorkerNotReadyButLeavesItLive() throws Exception {
        WorkerHealth health = new WorkerHealth(Duration.ofMillis(50));
        health.started();
        health.assigned();
        assertTrue(health.isLive() && health.isReady());
        assertEquals(0, health.secondsSinceBrokerContact());

        health.brokerChecked(false);
        Await.until(() -> !health.isReady(), Duration.ofSeconds(5));
        health.polled();
        assertTrue(health.isLive(), "the poll loop runs: live whatever the broker does");
        assertFalse(health.brokerReachable());
        assertTrue(health.secondsSinceBrokerContact() > 0);

        assertTrue(health.brokerChecked(true), "a change worth a log line");
        assertTrue(health.isReady(), "ready again as soon as the broker answers");
        assertFalse(health.brokerChecked(true), "no change, no log line");
    }

    @Test
    void aFailedLoopIsNeitherLiveNorReady() {
        WorkerHealth health = new WorkerHealth(Duration.ofSeconds(10));
        health.started();
        health.assigned();
        health.stopped(new IllegalStateException("fatal producer error"));
        assertFalse(health.isLive());
        assertFalse(health.isReady());
    }

    @Test
    void notReadyBeforeTheFirstAssignmentAndWhileStopping() {
        WorkerHealth health = new WorkerHealth(Duration.ofSeconds(10));
        health.started();
        assertTrue(health.isLive());
        assertFalse(health.isReady(), "no partitions yet");
        health.assigned();
        assertTrue(health.isReady());
        health.stopping();
        assertFalse(health.isReady());
        assertTrue(health.isLive(), "draining is progress");
    }
}
