package io.asrhub.pool;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The pool's instances, counted apart from its slots: idle ones (most recently used first), those in
 * use, those briefly out for a health check, and retired ones still being torn down. Live instances
 * (idle + in use + being checked) never exceed {@code max}; closing ones are not live. One monitor
 * guards all counts; callers create and close engines outside it.
 */
final class Instances {
    private final int max;
    private final Deque<PooledInstance> idle = new ArrayDeque<>();
    private int live;
    private int inUse;
    private int closing;

    Instances(int max) {
        this.max = max;
    }

    /**
     * An idle instance, or null when the caller may create one (counted as live and in use already).
     * Waits only while every instance is in use or out for a health check; the caller holds a slot,
     * so one comes back within the check's few milliseconds.
     */
    synchronized PooledInstance takeIdleOrCountNew() throws InterruptedException {
        while (true) {
            PooledInstance ready = idle.pollFirst();
            if (ready != null) {
                inUse++;
                return ready;
            }
            if (live < max) {
                live++;
                inUse++;
                return null;
            }
            wait(100);
        }
    }

    /** Undoes {@link #takeIdleOrCountNew()}'s count after the creation failed, and wakes waiters. */
    synchronized void creationFailed() {
        inUse--;
        live--;
        notifyAll();
    }

    /** A leased instance came back: kept idle, or retired (then the caller closes it). */
    synchronized void returned(PooledInstance instance, boolean keep) {
        inUse--;
        keepOrRetire(instance, keep);
    }

    /** Takes the least recently used idle instance out for a check, or null. */
    synchronized PooledInstance takeForCheck() {
        return idle.pollLast();
    }

    /** A checked instance goes back (rotating: the next check takes the next least recently used) or retires. */
    synchronized void checked(PooledInstance instance, boolean keep) {
        keepOrRetire(instance, keep);
    }

    private void keepOrRetire(PooledInstance instance, boolean keep) {
        if (keep) {
            idle.addFirst(instance); // LIFO keeps a hot core and lets the rest idle out
        } else {
            live--;
            closing++;
        }
        notifyAll();
    }

    /** A retired instance has been closed. */
    synchronized void closed() {
        closing--;
        notifyAll();
    }

    /** Counts one more live instance if there are fewer than {@code min}; the caller then creates it. */
    synchronized boolean countNewBelow(int min) {
        if (live >= min) {
            return false;
        }
        live++;
        return true;
    }

    /** Adds an instance created outside a lease (start-up, replenish) whose count is already taken. */
    synchronized void addCounted(PooledInstance instance) {
        idle.addLast(instance);
        notifyAll();
    }

    synchronized void addNew(PooledInstance instance) {
        live++;
        addCounted(instance);
    }

    /** Undoes {@link #countNewBelow(int)} after the creation failed. */
    synchronized void uncount() {
        live--;
        notifyAll();
    }

    /** Waits until nothing is in use or the deadline passes, then removes and returns every idle instance. */
    synchronized List<PooledInstance> drainIdle(long deadlineNanos) {
        try {
            while (inUse > 0 && System.nanoTime() < deadlineNanos) {
                wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime())));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        List<PooledInstance> out = new ArrayList<>(idle);
        live -= idle.size();
        idle.clear();
        return out;
    }

    /** True when no instance exists any more, in use or being closed: the engine may be freed. */
    synchronized boolean none() {
        return inUse == 0 && closing == 0 && live == 0;
    }

    synchronized int live() {
        return live;
    }

    synchronized int inUse() {
        return inUse;
    }

    synchronized int idle() {
        return idle.size();
    }

    synchronized int closing() {
        return closing;
    }
}
