package io.asrhub.pool;

import io.asrhub.config.PoolOptions;
import io.asrhub.testsupport.Await;
import io.asrhub.testsupport.FakeProvider;
import io.asrhub.testsupport.FakeProvider.FakeRecognizer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Warm-up of every instance, the active health check and utilisation-driven sizing, on a scripted engine. */
class PoolLifecycleTest {
    private final FakeProvider provider = new FakeProvider();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    private RecognizerPool pool(PoolOptions.Builder options) throws Exception {
        return RecognizerPool.start("p", provider, options.acquireTimeout(Duration.ofSeconds(5)).build(), registry);
    }

    private double count(String name, String tag, String value) {
        var c = registry.find(name).tag(tag, value).counter();
        return c == null ? 0 : c.count();
    }

    private static void assertWarmedFirst(FakeRecognizer r) {
        assertFalse(r.sources.isEmpty(), "instance never ran");
        assertEquals("warm-up", r.sources.get(0), "first recognition of an instance: " + r.sources);
    }

    @Test
    void grownAndReplacementInstancesAreWarmedBeforeTheirFirstJob() throws Exception {
        try (RecognizerPool pool = pool(PoolOptions.builder().minSize(1).maxSize(3)
                .healthCheckInterval(Duration.ofMillis(20)))) {
            List<Lease> leases = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                Lease lease = pool.acquire();
                // Warmed before the caller ever sees it: the warm-up is already recorded.
                assertWarmedFirst((FakeRecognizer) lease.recognizer());
                leases.add(lease);
            }
            assertEquals(3, provider.created.get());
            assertEquals(3.0, count("asr.pool.warmups", "outcome", "ok"), "start + two grown instances warmed");
            leases.get(0).markBroken();
            leases.forEach(Lease::close);
            // Replacement (only if the pool fell below min) is warmed too; every instance ever made was.
            Await.until(() -> pool.size() >= 1 && pool.closingCount() == 0, Duration.ofSeconds(5));
            provider.instances.forEach(PoolLifecycleTest::assertWarmedFirst);
        }
    }

    @Test
    void aReplacementForABrokenInstanceIsWarmedBeforeItServes() throws Exception {
        try (RecognizerPool pool = pool(PoolOptions.builder().minSize(1).maxSize(1))) {
            try (Lease lease = pool.acquire()) {
                lease.markBroken();
            }
            try (Lease next = pool.acquire()) {
                FakeRecognizer r = (FakeRecognizer) next.recognizer();
                assertEquals(2, provider.created.get(), "the broken instance was replaced");
                assertWarmedFirst(r);
            }
        }
    }

    @Test
    void aWarmUpFailureRetiresTheInstanceAndTheJobStillGetsAWarmOne() throws Exception {
        try (RecognizerPool pool = pool(PoolOptions.builder().minSize(0).maxSize(1))) {
            provider.failingWarmUps.set(1);
            PooledTranscriber transcriber = new PooledTranscriber(pool);
            var result = transcriber.transcribe(io.asrhub.provider.RecognitionRequest.of("job",
                    new io.asrhub.audio.DecodedAudio(new float[160], 16000, "t")));
            assertEquals("ok job", result.transcript().text(), "the job did not fail");
            assertEquals(2, provider.created.get(), "a second instance was made");
            assertEquals(1.0, count("asr.pool.warmups", "outcome", "failed"));
            assertEquals(1.0, count("asr.pool.instance.retirements", "reason", "warm-up"));
            FakeRecognizer first = provider.instances.peek();
            assertTrue(first.isClosed(), "the instance that failed its warm-up was closed");
            assertEquals(List.of("warm-up"), first.sources, "and never served a job");
        }
    }

    @Test
    void aHangingIdleInstanceIsRetiredByTheHealthCheckWithinItsDeadline() throws Exception {
        CountDownLatch hang = new CountDownLatch(1);
        provider.healthCheckGate = hang;
        List<String> breakerFeed = new CopyOnWriteArrayList<>();
        try (RecognizerPool pool = pool(PoolOptions.builder().minSize(1).maxSize(2)
                .healthCheckInterval(Duration.ofMillis(50)).healthCheckTimeout(Duration.ofMillis(200)))) {
            pool.onHealthCheckFailure(breakerFeed::add);
            FakeRecognizer first = provider.instances.peek();
            long start = System.nanoTime();
            Await.until(() -> count("asr.pool.health.checks", "outcome", "timeout") >= 1, Duration.ofSeconds(5));
            long tookMs = (System.nanoTime() - start) / 1_000_000;
            // One interval until the check starts, the deadline, and scheduling slack on a loaded machine.
            assertTrue(tookMs < 50 + 200 + 2000, "retired after " + tookMs + " ms");
            assertTrue(breakerFeed.contains("timeout"), "the breaker hook heard of it: " + breakerFeed);
            Await.until(() -> provider.created.get() >= 2, Duration.ofSeconds(5));
            try (Lease lease = pool.acquire(Duration.ofSeconds(2))) {
                assertTrue(lease.recognizer() != first, "jobs get a replacement, never the hung instance");
            }
            assertFalse(first.isClosed(), "not freed under its running call");
            hang.countDown();
            Await.until(first::isClosed, Duration.ofSeconds(5));
        }
    }

    @Test
    void aHealthyIdleInstancePassesTheSyntheticCheckAndStays() throws Exception {
        try (RecognizerPool pool = pool(PoolOptions.builder().minSize(1).maxSize(1)
                .healthCheckInterval(Duration.ofMillis(30)))) {
            Await.until(() -> count("asr.pool.health.checks", "outcome", "ok") >= 2, Duration.ofSeconds(5));
            assertEquals(1, provider.created.get());
            assertTrue(provider.instances.peek().sources.contains("health-check"), "an actual recognition ran");
        }
    }

    @Test
    void theSyntheticCheckCanBeTurnedOff() throws Exception {
        provider.healthCheckGate = new CountDownLatch(1); // would hang if a synthetic check ran
        try (RecognizerPool pool = pool(PoolOptions.builder().minSize(1).maxSize(1).activeHealthCheck(false)
                .healthCheckInterval(Duration.ofMillis(20)))) {
            Await.until(() -> count("asr.pool.health.checks", "outcome", "ok") >= 3, Duration.ofSeconds(5));
            assertFalse(provider.instances.peek().sources.contains("health-check"));
        }
    }

    @Test
    void sustainedHighUtilisationGrowsAWarmInstanceAndLowUtilisationShrinksBack() throws Exception {
        try (RecognizerPool pool = pool(PoolOptions.builder().minSize(1).maxSize(3).sizingWindow(Duration.ofMillis(240))
                .idleTimeout(Duration.ofHours(1)).activeHealthCheck(false))) {
            Lease held = pool.acquire(); // one slot busy on one instance: utilisation 1.0 >= 0.8
            try {
                // The instance joins the pool just before the round counts it: wait for the count.
                Await.until("grown ahead of demand", () -> count("asr.pool.resizes", "direction", "grow") == 1.0,
                        Duration.ofSeconds(5));
                assertEquals(2, pool.size());
                assertEquals(1, pool.inUse(), "the second instance was made before anyone needed it");
                provider.instances.forEach(PoolLifecycleTest::assertWarmedFirst);
            } finally {
                held.close();
            }
            Await.until("shrunk back to min", () -> count("asr.pool.resizes", "direction", "shrink") == 1.0,
                    Duration.ofSeconds(5));
            assertEquals(1, pool.size());
            assertEquals(1.0, count("asr.pool.resizes", "direction", "grow"), "no flapping back up");
        }
    }

    @Test
    void utilisationGaugesReportSlotsInUseOverCapacity() throws Exception {
        try (RecognizerPool pool = pool(PoolOptions.builder().minSize(1).maxSize(4).activeHealthCheck(false));
             Lease lease = pool.acquire()) {
            assertEquals(0.25, registry.get("asr.pool.utilization").tag("window", "now").gauge().value(), 1e-9);
            double average = registry.get("asr.pool.utilization").tag("window", "1m").gauge().value();
            assertTrue(average > 0 && average <= 0.25, "time-weighted " + average);
        }
    }
}
