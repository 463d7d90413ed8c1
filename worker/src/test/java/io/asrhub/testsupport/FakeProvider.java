package io.asrhub.testsupport;

import io.asrhub.errors.AsrException;
import io.asrhub.errors.ErrorCode;
import io.asrhub.provider.Provider;
import io.asrhub.provider.RecognitionRequest;
import io.asrhub.provider.Recognizer;
import io.asrhub.provider.Segment;
import io.asrhub.provider.Transcript;

import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An in-memory engine for pool tests: it records how often each instance is used concurrently
 * (which must never exceed one), can be told to fail, and sleeps for a configurable time (plus
 * 800 ms for sources containing "slow").
 */
public final class FakeProvider implements Provider {
    public final AtomicInteger created = new AtomicInteger();
    public final AtomicInteger closed = new AtomicInteger();
    public final AtomicInteger live = new AtomicInteger();
    public final AtomicInteger maxLive = new AtomicInteger();
    public final AtomicInteger concurrentCalls = new AtomicInteger();
    public final AtomicInteger maxConcurrentCalls = new AtomicInteger();
    public final AtomicInteger doubleUse = new AtomicInteger();
    public final AtomicInteger calls = new AtomicInteger();
    public volatile long workMillis;
    public volatile boolean failCreation;
    public final AtomicBoolean providerClosed = new AtomicBoolean();
    /** While true every recognition fails transiently, like a backend that is down. */
    public volatile boolean down;
    /** When set, closing an instance waits until it opens (a slow engine teardown). */
    public volatile java.util.concurrent.CountDownLatch closeGate;
    /** When set, health-check recognitions wait until it opens (a hanging engine). */
    public volatile java.util.concurrent.CountDownLatch healthCheckGate;
    /** This many of the next warm-up recognitions fail (instances that come up broken). */
    public final AtomicInteger failingWarmUps = new AtomicInteger();
    /** Every instance made, in order of creation. */
    public final java.util.Queue<FakeRecognizer> instances = new java.util.concurrent.ConcurrentLinkedQueue<>();
    /** When set, recognitions wait until it opens (lets tests hold jobs without sleeping). */
    public volatile java.util.concurrent.CountDownLatch gate;
    private final String name;

    public FakeProvider() {
        this("fake");
    }

    public FakeProvider(String name) {
        this.name = name;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int sampleRate() {
        return 16_000;
    }

    @Override
    public String modelName() {
        return "fake-model";
    }

    @Override
    public Recognizer newRecognizer() throws AsrException {
        if (failCreation) {
            throw new AsrException(ErrorCode.PROVIDER_FAILED, "injected creation failure");
        }
        created.incrementAndGet();
        maxLive.accumulateAndGet(live.incrementAndGet(), Math::max);
        FakeRecognizer r = new FakeRecognizer();
        instances.add(r);
        return r;
    }

    @Override
    public void close() {
        providerClosed.set(true);
    }

    /** Text "poison" in the source fails transiently every time; "fail" makes the call throw a runtime error, "reject" a non-transient error. */
    public final class FakeRecognizer implements Recognizer {
        private final AtomicBoolean busy = new AtomicBoolean();
        public volatile boolean healthy = true;
        private final AtomicBoolean isClosed = new AtomicBoolean();
        /** Sources this instance recognised, in order (the first shows whether it was warmed). */
        public final List<String> sources = new java.util.concurrent.CopyOnWriteArrayList<>();

        @Override
        public Transcript transcribe(RecognitionRequest request) throws AsrException {
            if (isClosed.get()) {
                throw new IllegalStateException("used after close");
            }
            if (!busy.compareAndSet(false, true)) {
                doubleUse.incrementAndGet();
            }
            calls.incrementAndGet();
            sources.add(request.source());
            maxConcurrentCalls.accumulateAndGet(concurrentCalls.incrementAndGet(), Math::max);
            try {
                java.util.concurrent.CountDownLatch g = gate;
                if (g != null && !request.source().startsWith("warm-up") && !request.source().startsWith("health-check")) {
                    g.await();
                }
                java.util.concurrent.CountDownLatch h = healthCheckGate;
                if (h != null && request.source().startsWith("health-check")) {
                    h.await();
                }
                if (request.source().startsWith("warm-up") && failingWarmUps.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                    throw new AsrException(ErrorCode.PROVIDER_FAILED, "injected warm-up failure");
                }
                if (workMillis > 0) {
                    Thread.sleep(workMillis);
                }
                if (down || request.source().contains("poison")) {
                    throw new AsrException(ErrorCode.PROVIDER_FAILED, "injected: backend unavailable");
                }
                if (request.source().contains("slow")) {
                    Thread.sleep(800);
                }
                if (request.source().contains("fail")) {
                    throw new IllegalStateException("injected engine crash");
                }
                if (request.source().contains("reject")) {
                    throw new AsrException(ErrorCode.CORRUPT_AUDIO, "injected bad input");
                }
                return new Transcript("ok " + request.source(), List.of(new Segment(0, 10, "ok")), "en");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AsrException(ErrorCode.INTERRUPTED, "interrupted");
            } finally {
                concurrentCalls.decrementAndGet();
                busy.set(false);
            }
        }

        public boolean isClosed() {
            return isClosed.get();
        }

        @Override
        public boolean isHealthy() {
            return healthy;
        }

        @Override
        public void close() {
            java.util.concurrent.CountDownLatch g = closeGate;
            if (g != null) {
                try {
                    g.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            if (isClosed.compareAndSet(false, true)) {
                closed.incrementAndGet();
                live.decrementAndGet();
            }
        }
    }
}
