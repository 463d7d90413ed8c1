package io.asrhub.pool;

import io.asrhub.config.PoolOptions;
import io.asrhub.audio.DecodedAudio;
import io.asrhub.errors.AsrException;
import io.asrhub.errors.ErrorCode;
import io.asrhub.provider.RecognitionRequest;
import io.asrhub.testsupport.FakeProvider;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RecognizerPoolTest {
    private final FakeProvider provider = new FakeProvider();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    private RecognizerPool pool(int min, int max) throws AsrException {
        return RecognizerPool.start("test", provider, PoolOptions.builder().minSize(min).maxSize(max)
                .acquireTimeout(Duration.ofSeconds(5)).healthCheckInterval(Duration.ofMillis(50))
                .idleTimeout(Duration.ofMillis(100)).build(), registry);
    }

    private static RecognitionRequest request(String source) {
        return RecognitionRequest.of(source, new DecodedAudio(new float[16000], 16000, "test"));
    }

    @Test
    void warmsUpMinInstancesAtStart() throws Exception {
        try (RecognizerPool pool = pool(2, 4)) {
            assertEquals(2, pool.size());
            assertEquals(2, provider.created.get());
            assertEquals(2, provider.calls.get(), "each warm instance ran one warm-up recognition");
        }
    }

    @Test
    void closingRemovesThePoolsMetersAndFreesTheEngineOnce() throws Exception {
        RecognizerPool pool = pool(2, 2);
        assertTrue(registry.find("asr.pool.instances").tag("pool", "test").gauge() != null);
        pool.close(Duration.ofSeconds(5));
        assertTrue(registry.find("asr.pool.instances").meters().isEmpty(), "gauges removed");
        assertTrue(registry.find("asr.pool.instance.retirements").meters().isEmpty(), "counters removed");
        assertTrue(provider.providerClosed.get());
        assertEquals(0, provider.live.get());
    }

    @Test
    void aFailedCreationWakesWaitersInsteadOfLeakingItsSlot() throws Exception {
        try (RecognizerPool pool = pool(0, 1)) {
            provider.failCreation = true;
            AsrException e = org.junit.jupiter.api.Assertions.assertThrows(AsrException.class, () -> pool.acquire());
            assertEquals(io.asrhub.errors.ErrorCode.PROVIDER_FAILED, e.code());
            provider.failCreation = false;
            try (Lease lease = pool.acquire(Duration.ofMillis(500))) {
                assertTrue(lease.recognizer() != null, "the slot of the failed creation came back");
            }
        }
    }

    @Test
    void acquireTimesOutWithPoolExhaustedWhenAllSlotsAreBusy() throws Exception {
        try (RecognizerPool pool = pool(1, 1); Lease held = pool.acquire()) {
            long start = System.nanoTime();
            AsrException e = assertThrows(AsrException.class, () -> pool.acquire(Duration.ofMillis(200)));
            assertInstanceOf(PoolExhaustedException.class, e);
            assertEquals(ErrorCode.POOL_EXHAUSTED, e.code());
            assertTrue(e.isTransient());
            assertTrue(System.nanoTime() - start >= TimeUnit.MILLISECONDS.toNanos(190));
            assertEquals(1.0, registry.get("asr.pool.acquire.timeouts").counter().count());
        }
    }

    @Test
    void brokenInstanceIsReplacedAndNextCallerSucceeds() throws Exception {
        try (RecognizerPool pool = pool(1, 1)) {
            PooledTranscriber transcriber = new PooledTranscriber(pool);
            AsrException e = assertThrows(AsrException.class, () -> transcriber.transcribe(request("fail")));
            assertEquals(ErrorCode.PROVIDER_FAILED, e.code());
            assertEquals("ok fine", transcriber.transcribe(request("fine")).transcript().text());
            assertEquals(2, provider.created.get(), "the crashed instance was replaced");
            waitUntil(() -> provider.closed.get() == 1);
        }
    }

    @Test
    void badInputDoesNotRetireTheInstance() throws Exception {
        try (RecognizerPool pool = pool(1, 1)) {
            PooledTranscriber transcriber = new PooledTranscriber(pool);
            assertThrows(AsrException.class, () -> transcriber.transcribe(request("reject")));
            transcriber.transcribe(request("fine"));
            assertEquals(1, provider.created.get());
        }
    }

    @Test
    void healthCheckReplacesUnhealthyIdleInstances() throws Exception {
        try (RecognizerPool pool = pool(1, 1)) {
            FakeProvider.FakeRecognizer first;
            try (Lease lease = pool.acquire()) {
                first = (FakeProvider.FakeRecognizer) lease.recognizer();
            }
            first.healthy = false;
            waitUntil(() -> provider.created.get() == 2 && pool.size() == 1);
            try (Lease lease = pool.acquire()) {
                assertTrue(lease.recognizer() != first);
            }
        }
    }

    @Test
    void idleInstancesShrinkBackToMin() throws Exception {
        try (RecognizerPool pool = pool(1, 3)) {
            List<Lease> leases = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                leases.add(pool.acquire());
            }
            assertEquals(3, pool.size());
            leases.forEach(Lease::close);
            // The survivor may be out for its synthetic health check for a moment: wait for it to be back.
            waitUntil(() -> pool.size() == 1 && pool.idleCount() == 1);
        }
    }

    @Test
    void closeWaitsForInFlightWorkThenFreesEverything() throws Exception {
        provider.workMillis = 300;
        RecognizerPool pool = pool(2, 2);
        ExecutorService callers = Executors.newFixedThreadPool(2);
        CountDownLatch started = new CountDownLatch(2);
        List<Future<?>> work = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            work.add(callers.submit(() -> {
                try (Lease lease = pool.acquire()) {
                    started.countDown();
                    return lease.recognizer().transcribe(request("job"));
                }
            }));
        }
        started.await();
        pool.close(Duration.ofSeconds(5));
        for (Future<?> f : work) {
            f.get(); // in-flight work finished normally
        }
        assertEquals(0, provider.live.get(), "all instances closed");
        assertTrue(provider.providerClosed.get());
        AsrException e = assertThrows(AsrException.class, pool::acquire);
        assertEquals(ErrorCode.POOL_CLOSED, e.code());
        callers.shutdown();
    }

    @Test
    void exposesStateAsMeters() throws Exception {
        try (RecognizerPool pool = pool(2, 3); Lease lease = pool.acquire()) {
            assertEquals(2.0, registry.get("asr.pool.instances").tag("pool", "test").gauge().value());
            assertEquals(1.0, registry.get("asr.pool.in_use").gauge().value());
            assertEquals(1.0, registry.get("asr.pool.idle").gauge().value());
            assertEquals(3.0, registry.get("asr.pool.max").gauge().value());
            assertEquals(0.0, registry.get("asr.pool.waiting").gauge().value());
            assertEquals(1, registry.get("asr.pool.acquire.wait").timer().count());
        }
    }

    @Test
    void failedCreationReleasesTheSlot() throws Exception {
        try (RecognizerPool pool = pool(0, 1)) {
            provider.failCreation = true;
            assertThrows(AsrException.class, pool::acquire);
            provider.failCreation = false;
            try (Lease lease = pool.acquire(Duration.ofMillis(100))) {
                assertTrue(lease.recognizer() != null, "slot was not leaked by the failed creation");
            }
        }
    }

    static void waitUntil(java.util.function.BooleanSupplier condition) throws Exception {
        io.asrhub.testsupport.Await.until(condition::getAsBoolean, java.time.Duration.ofSeconds(5));
    }
}
