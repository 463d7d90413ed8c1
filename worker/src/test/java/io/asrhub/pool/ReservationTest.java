package io.asrhub.pool;

import io.asrhub.audio.DecodedAudio;
import io.asrhub.config.PoolOptions;
import io.asrhub.errors.AsrException;
import io.asrhub.provider.RecognitionRequest;
import io.asrhub.testsupport.FakeProvider;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The worker's side of the pool: slots are reserved without blocking at admission, the small-lane
 * reservation is part of the same count, and an admitted (reserved) job never waits for capacity
 * and never fails with POOL_EXHAUSTED — not even while retired instances are slowly torn down.
 */
class ReservationTest {
    private static RecognizerPool pool(FakeProvider provider, int max, int reserved) throws AsrException {
        return RecognizerPool.start("r", provider, PoolOptions.builder().minSize(max).maxSize(max).warmUp(false)
                .reservedSlots(reserved).healthCheckInterval(Duration.ofMillis(5)).build(), new SimpleMeterRegistry());
    }

    private static RecognitionRequest request(String source) {
        return RecognitionRequest.of(source, new DecodedAudio(new float[16], 16_000, "x"));
    }

    @Test
    void theReservedSlotIsOnlyForCallersAllowedToUseIt() throws Exception {
        try (RecognizerPool pool = pool(new FakeProvider(), 2, 1)) {
            Optional<Reservation> medium = pool.tryReserve(SlotClaim.ORDINARY_JOB);
            assertTrue(medium.isPresent());
            assertFalse(pool.tryReserve(SlotClaim.ORDINARY_JOB).isPresent(), "the second slot is reserved for small jobs");
            Optional<Reservation> small = pool.tryReserve(SlotClaim.SMALL_JOB);
            assertTrue(small.isPresent());
            assertFalse(pool.tryReserve(SlotClaim.SMALL_JOB).isPresent(), "all slots taken");
            medium.get().close();
            assertEquals(1, pool.freeSlots(SlotClaim.ORDINARY_JOB), "an unused reservation gives its slot back");
            small.get().close();
            assertEquals(2, pool.freeSlots(SlotClaim.SMALL_JOB));
        }
    }

    @Test
    void aRetiredInstanceBeingClosedSlowlyHoldsNoSlot() throws Exception {
        FakeProvider provider = new FakeProvider();
        try (RecognizerPool pool = pool(provider, 1, 0)) {
            provider.closeGate = new CountDownLatch(1); // teardown blocks until released
            try (Lease lease = pool.tryReserve(SlotClaim.SMALL_JOB).orElseThrow().lease()) {
                lease.markBroken();
            }
            // The teardown cannot end before the gate opens below, so a job that waited for it would never
            // finish: it must finish while the gate is still shut (the generous limit only turns a hang into a failure).
            org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
                Reservation next = pool.tryReserve(SlotClaim.SMALL_JOB)
                        .orElseThrow(() -> new AssertionError("slot still held"));
                try (Lease lease = next.lease()) {
                    lease.recognizer().transcribe(request("after"));
                }
            }, "the next job waited for the broken instance's teardown");
            assertEquals(1, provider.closeGate.getCount(), "the teardown was still blocked meanwhile");
            assertEquals(1, pool.closingCount(), "the broken instance is still being closed");
            provider.closeGate.countDown();
        }
    }

    @Test
    void reservedJobsNeverWaitForCapacityUnderChurn() throws Exception {
        FakeProvider provider = new FakeProvider();
        provider.workMillis = 1;
        try (RecognizerPool pool = pool(provider, 3, 1)) {
            AtomicInteger admitted = new AtomicInteger();
            AtomicInteger failures = new AtomicInteger();
            AtomicLong slowestLeaseNanos = new AtomicLong();
            List<Thread> threads = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int seed = t;
                threads.add(new Thread(() -> {
                    Random random = new Random(seed);
                    for (int i = 0; i < 300; i++) {
                        Optional<Reservation> r = pool.tryReserve(SlotClaim.values()[random.nextInt(SlotClaim.values().length)]);
                        if (r.isEmpty()) {
                            continue; // not admitted: the worker would keep the job queued
                        }
                        admitted.incrementAndGet();
                        long start = System.nanoTime();
                        try (Lease lease = r.get().lease()) {
                            slowestLeaseNanos.accumulateAndGet(System.nanoTime() - start, Math::max);
                            if (random.nextInt(5) == 0) {
                                lease.markBroken(); // churn: retire and replace
                            }
                            lease.recognizer().transcribe(request("ok"));
                        } catch (AsrException e) {
                            failures.incrementAndGet();
                        }
                    }
                }));
            }
            threads.forEach(Thread::start);
            for (Thread t : threads) {
                t.join(60_000);
            }
            assertTrue(admitted.get() > 100, "admitted " + admitted.get());
            assertEquals(0, failures.get(), "an admitted job never failed (no POOL_EXHAUSTED)");
            assertEquals(0, provider.doubleUse.get());
            assertTrue(provider.maxConcurrentCalls.get() <= 3);
            assertTrue(slowestLeaseNanos.get() < Duration.ofSeconds(1).toNanos(),
                    "slowest lease " + slowestLeaseNanos.get() / 1_000_000 + " ms");
        }
    }
}
