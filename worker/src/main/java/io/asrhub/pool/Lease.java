package io.asrhub.pool;

import io.asrhub.provider.Recognizer;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Exclusive use of one pool slot and its recognizer until {@link #close()}. Closing twice is
 * harmless, so a lease can sit in try-with-resources and still be released early.
 */
public final class Lease implements AutoCloseable {
    private final RecognizerPool pool;
    private final PooledInstance instance;
    private final Slots.Slot slot;
    private final long waitNanos;
    private final AtomicBoolean released = new AtomicBoolean();
    private volatile boolean broken;

    Lease(RecognizerPool pool, PooledInstance instance, Slots.Slot slot, long waitNanos) {
        this.pool = pool;
        this.instance = instance;
        this.slot = slot;
        this.waitNanos = waitNanos;
    }

    public Recognizer recognizer() {
        if (released.get()) {
            throw new IllegalStateException("lease already released");
        }
        return instance.recognizer();
    }

    /** How long the caller waited for this slot (for a reservation: from admission to use). */
    public long waitNanos() {
        return waitNanos;
    }

    /** The instance failed in a way that may have left it unusable: the pool replaces it. */
    public void markBroken() {
        broken = true;
    }

    @Override
    public void close() {
        if (released.compareAndSet(false, true)) {
            pool.release(instance, slot, broken);
        }
    }
}
