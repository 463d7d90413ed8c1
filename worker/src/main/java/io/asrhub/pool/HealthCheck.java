package io.asrhub.pool;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The active health check of one idle instance: its cheap flag first, then (when active) a short
 * synthetic recognition — the warm-up clip, a second of near-silence — that must finish within a
 * deadline. The recognition runs on its own thread so a hanging engine cannot stall maintenance;
 * an instance that timed out is closed only once its call returns (a native engine must not be
 * freed under a running decode).
 */
final class HealthCheck {
    enum Outcome { OK, UNHEALTHY, FAILED, TIMEOUT }

    private final WarmUp probe;
    private final boolean active;
    private final Duration deadline;
    private final Duration minIdle;
    private final ExecutorService callers = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "asr-pool-health-check");
        t.setDaemon(true);
        return t;
    });

    /**
     * @param minIdle an instance that served within this time has just proven itself and is not
     *                probed again (keeps the synthetic load off a busy pool)
     */
    HealthCheck(WarmUp probe, boolean active, Duration deadline, Duration minIdle) {
        this.probe = probe;
        this.active = active;
        this.deadline = deadline;
        this.minIdle = minIdle;
    }

    /** The outcome; on {@link Outcome#TIMEOUT}, {@code hungCall} completes when the engine returns. */
    record Result(Outcome outcome, CompletableFuture<Void> hungCall) {
    }

    /** Whether checking {@code instance} now means a synthetic recognition (the caller then holds a slot for it). */
    boolean recognises(PooledInstance instance) {
        return active && instance.unprovenNanos() >= minIdle.toNanos();
    }

    /**
     * Checks {@code instance}, with a synthetic recognition if {@code synthetic} (from
     * {@link #recognises}); after a timeout the caller closes it only once {@code hungCall} completes.
     */
    Result check(PooledInstance instance, boolean synthetic) {
        if (!flagHealthy(instance)) {
            return new Result(Outcome.UNHEALTHY, null);
        }
        if (!synthetic) {
            return new Result(Outcome.OK, null);
        }
        CompletableFuture<Void> call = CompletableFuture.runAsync(() -> {
            try {
                probe.run(instance.recognizer(), "health-check");
            } catch (Exception e) {
                throw new java.util.concurrent.CompletionException(e);
            }
        }, callers);
        try {
            call.get(Math.max(1, deadline.toMillis()), TimeUnit.MILLISECONDS);
            instance.markChecked(); // not probed again for an interval
            return new Result(Outcome.OK, null);
        } catch (TimeoutException e) {
            return new Result(Outcome.TIMEOUT, call);
        } catch (ExecutionException e) {
            return new Result(Outcome.FAILED, null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(Outcome.TIMEOUT, call);
        }
    }

    private static boolean flagHealthy(PooledInstance instance) {
        try {
            return instance.recognizer().isHealthy();
        } catch (RuntimeException e) {
            return false;
        }
    }

    void close() {
        callers.shutdownNow();
    }
}
