package io.asrhub.pool;

import io.asrhub.config.PoolOptions;
import io.asrhub.audio.DecodedAudio;
import io.asrhub.errors.AsrException;
import io.asrhub.errors.ErrorCode;
import io.asrhub.provider.RecognitionRequest;
import io.asrhub.testsupport.FakeProvider;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.RepeatedTest;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Stress: many threads hammer a small pool while failures and interrupts are injected. Afterwards
 * no instance may have served two callers at once, the pool never grew past max, and every slot
 * is free again (nothing leaked).
 */
class RecognizerPoolConcurrencyTest {
    private static final int MAX = 3;
    private static final int THREADS = 16;
    private static final int ITERATIONS = 150;

    @RepeatedTest(3)
    void noDoubleUseNoLeakUnderFailuresAndInterrupts() throws Exception {
        FakeProvider provider = new FakeProvider();
        provider.workMillis = 1;
        RecognizerPool pool = RecognizerPool.start("stress", provider, PoolOptions.builder().minSize(1).maxSize(MAX)
                .acquireTimeout(Duration.ofMillis(50)).healthCheckInterval(Duration.ofMillis(5))
                .idleTimeout(Duration.ofMillis(5)).build(), new SimpleMeterRegistry());
        PooledTranscriber transcriber = new PooledTranscriber(pool);
        ConcurrentHashMap<ErrorCode, AtomicInteger> outcomes = new ConcurrentHashMap<>();
        AtomicInteger successes = new AtomicInteger();
        AtomicInteger unexpected = new AtomicInteger();
        AtomicInteger maxInPool = new AtomicInteger();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            int seed = t;
            threads.add(new Thread(() -> {
                Random random = new Random(seed);
                for (int i = 0; i < ITERATIONS; i++) {
                    String source = random.nextInt(10) == 0 ? "fail" : random.nextInt(10) == 0 ? "reject" : "ok";
                    try {
                        transcriber.transcribe(RecognitionRequest.of(source, new DecodedAudio(new float[1], 16000, "x")));
                        successes.incrementAndGet();
                    } catch (AsrException e) {
                        outcomes.computeIfAbsent(e.code(), c -> new AtomicInteger()).incrementAndGet();
                    } catch (RuntimeException e) {
                        unexpected.incrementAndGet();
                    }
                    Thread.interrupted(); // clear injected interrupts between iterations
                }
            }));
        }
        threads.forEach(Thread::start);
        Random chaos = new Random(42);
        for (int i = 0; i < 200; i++) {
            threads.get(chaos.nextInt(THREADS)).interrupt();
            maxInPool.accumulateAndGet(pool.size(), Math::max);
            Thread.sleep(2);
        }
        for (Thread t : threads) {
            t.join(60_000);
        }
        assertEquals(0, unexpected.get(), "only typed errors may escape the pool");
        assertEquals(0, provider.doubleUse.get(), "an instance served two callers at once");
        // Retired instances give their slot back at once and are closed in the background, so the
        // engine may briefly see up to MAX more instances that are being torn down — never serving.
        assertTrue(provider.maxLive.get() <= 2 * MAX, "engine saw " + provider.maxLive.get() + " instances");
        assertTrue(maxInPool.get() <= MAX, "pool held " + maxInPool.get() + " live instances");
        assertTrue(provider.maxConcurrentCalls.get() <= MAX);
        assertTrue(successes.get() > 0);
        assertTrue(outcomes.containsKey(ErrorCode.PROVIDER_FAILED), "injected failures were seen");
        RecognizerPoolTest.waitUntil(() -> pool.inUse() == 0 && pool.waiting() == 0);
        // Every slot must be acquirable at once: nothing leaked.
        List<Lease> all = new ArrayList<>();
        for (int i = 0; i < MAX; i++) {
            all.add(pool.acquire(Duration.ofSeconds(1)));
        }
        all.forEach(Lease::close);
        pool.close(Duration.ofSeconds(5));
        RecognizerPoolTest.waitUntil(() -> provider.live.get() == 0);
    }
}
