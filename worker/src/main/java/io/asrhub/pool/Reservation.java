package io.asrhub.pool;

import io.asrhub.errors.AsrException;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A slot taken at admission, before the job runs. {@link #lease()} turns it into a recognizer on
 * the job thread without waiting for capacity; closing an unused reservation gives the slot back.
 */
public final class Reservation implements AutoCloseable {
    private final RecognizerPool pool;
    private final Slots.Slot slot;
    private final long takenAtNanos = System.nanoTime();
    private final AtomicBoolean handedOver = new AtomicBoolean();

    Reservation(RecognizerPool pool, Slots.Slot slot) {
        this.pool = pool;
        this.slot = slot;
    }

    public RecognizerPool pool() {
        return pool;
    }

    /** The recognizer for this slot; the returned lease owns the slot from now on. */
    public Lease lease() throws AsrException {
        if (!handedOver.compareAndSet(false, true)) {
            throw new IllegalStateException("reservation already used");
        }
        return pool.leaseFor(slot, System.nanoTime() - takenAtNanos);
    }

    /** Gives the slot back if it was never leased. */
    @Override
    public void close() {
        if (handedOver.compareAndSet(false, true)) {
            pool.giveBack(slot);
        }
    }
}
