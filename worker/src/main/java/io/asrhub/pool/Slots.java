package io.asrhub.pool;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The pool's one source of capacity: {@code max} slots, of which {@code reserved} are kept for
 * claims allowed to use them (see {@link SlotClaim}). Worker admission takes slots without
 * blocking; the CLI may wait. A slot is held from admission until the lease is returned, so an
 * admitted job never waits for capacity and never fails with {@code POOL_EXHAUSTED}.
 *
 * <p>A taken slot is a {@link Slot} ticket that remembers which count it was charged to, so the
 * caller never has to say again how it took it when giving it back.
 */
final class Slots {
    private final int max;
    private final int reserved;
    private final UtilisationWindow utilisation;
    private int taken;
    private int takenOrdinary;

    /** A held slot; {@link #give(Slot)} returns it exactly once. */
    static final class Slot {
        private final boolean ordinary;
        private final AtomicBoolean given = new AtomicBoolean();

        private Slot(boolean ordinary) {
            this.ordinary = ordinary;
        }
    }

    Slots(int max, int reserved, UtilisationWindow utilisation) {
        if (max < 1) {
            throw new IllegalArgumentException("need at least one slot");
        }
        if (reserved < 0 || (reserved >= max && max > 1)) {
            throw new IllegalArgumentException("reserved slots must be between 0 and pool size - 1 (pool " + max
                    + ", reserved " + reserved + ")");
        }
        this.max = max;
        // With a single slot there is nothing to reserve without starving everyone else.
        this.reserved = max == 1 ? 0 : reserved;
        this.utilisation = utilisation;
    }

    /** The borrowing policy: a slot for {@code claim} now, or null. */
    synchronized Slot tryTake(SlotClaim claim) {
        if (taken >= max) {
            return null;
        }
        boolean ordinaryFree = takenOrdinary < max - reserved;
        Slot slot = switch (claim) {
            case ORDINARY_JOB -> ordinaryFree ? new Slot(true) : null;
            case PIECE_MAY_BORROW -> new Slot(ordinaryFree); // charged as ordinary unless it borrows
            case SMALL_JOB, PROBE -> new Slot(false);
        };
        if (slot != null) {
            taken++;
            if (slot.ordinary) {
                takenOrdinary++;
            }
            utilisation.set(taken);
        }
        return slot;
    }

    synchronized Slot take(SlotClaim claim, long timeoutNanos) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutNanos;
        Slot slot;
        while ((slot = tryTake(claim)) == null) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return null;
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        return slot;
    }

    synchronized void give(Slot slot) {
        if (!slot.given.compareAndSet(false, true)) {
            throw new IllegalStateException("pool bug: slot returned twice");
        }
        taken--;
        if (slot.ordinary) {
            takenOrdinary--;
        }
        utilisation.set(taken);
        notifyAll();
    }

    synchronized int taken() {
        return taken;
    }

    synchronized int free(SlotClaim claim) {
        int free = max - taken;
        return claim == SlotClaim.ORDINARY_JOB ? Math.max(0, Math.min(free, max - reserved - takenOrdinary)) : free;
    }

    int max() {
        return max;
    }

    int reserved() {
        return reserved;
    }
}
