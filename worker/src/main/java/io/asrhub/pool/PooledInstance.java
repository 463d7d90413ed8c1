package io.asrhub.pool;

import io.asrhub.provider.Recognizer;

import java.util.concurrent.atomic.AtomicBoolean;

/** A recognizer plus the bookkeeping the pool needs: who holds it and when it was last used. */
final class PooledInstance {
    private final Recognizer recognizer;
    private final AtomicBoolean leased = new AtomicBoolean();
    private volatile long lastReturnedNanos = System.nanoTime();
    private volatile long lastCheckedNanos = lastReturnedNanos;

    PooledInstance(Recognizer recognizer) {
        this.recognizer = recognizer;
    }

    Recognizer recognizer() {
        return recognizer;
    }

    /** Guards the pool's core promise; a failure here is a pool bug, never a user error. */
    void markLeased() {
        if (!leased.compareAndSet(false, true)) {
            throw new IllegalStateException("pool bug: recognizer handed to two callers at once");
        }
    }

    void markReturned() {
        lastReturnedNanos = System.nanoTime();
        leased.set(false);
    }

    long idleNanos() {
        return System.nanoTime() - lastReturnedNanos;
    }

    /** A health check passed: the instance has proven itself as much as a served job would. */
    void markChecked() {
        lastCheckedNanos = System.nanoTime();
    }

    /** Time since the instance last served or passed a check. */
    long unprovenNanos() {
        return System.nanoTime() - Math.max(lastReturnedNanos, lastCheckedNanos);
    }

    void closeQuietly() {
        try {
            recognizer.close();
        } catch (RuntimeException ignored) {
            // A failing close must not stop the pool from releasing the slot.
        }
    }
}
