package io.asrhub.pool;

import java.util.concurrent.TimeUnit;

/**
 * The pool's one source of capacity: {@code max} slots, of which {@code reserved} may only be
 * taken by callers allowed to use reserved slots (the small lane). Worker admission takes slots
 * without blocking; the CLI may wait. A slot is held from admission until the lease is returned,
 * so an admitted job never waits for capacity and never fails with {@code POOL_EXHAUSTED}.
 */
final class Slots {
    private final int max;
    private final int reserved;
    private int taken;
    private int takenUnreserved;

    Slots(int max, int reserved) {
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
    }

    synchronized boolean tryTake(boolean mayUseReserved) {
        if (!available(mayUseReserved)) {
            return false;
        }
        taken++;
        if (!mayUseReserved) {
            takenUnreserved++;
        }
        return true;
    }

    synchronized boolean take(boolean mayUseReserved, long timeoutNanos) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutNanos;
        while (!available(mayUseReserved)) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        return tryTake(mayUseReserved);
    }

    synchronized void give(boolean mayUseReserved) {
        if (taken <= 0 || (!mayUseReserved && takenUnreserved <= 0)) {
            throw new IllegalStateException("pool bug: slot returned twice");
        }
        taken--;
        if (!mayUseReserved) {
            takenUnreserved--;
        }
        notifyAll();
    }

    private boolean available(boolean mayUseReserved) {
        return taken < max && (mayUseReserved || takenUnreserved < max - reserved);
    }

    synchronized int taken() {
        return taken;
    }

    synchronized int free(boolean mayUseReserved) {
        int free = max - taken;
        return mayUseReserved ? free : Math.max(0, Math.min(free, max - reserved - takenUnreserved));
    }

    int max() {
        return max;
    }

    int reserved() {
        return reserved;
    }
}
