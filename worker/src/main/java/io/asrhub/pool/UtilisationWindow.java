package io.asrhub.pool;

import java.util.function.LongSupplier;

/**
 * Slots in use, integrated over time: the time-weighted average over the last {@code window}
 * (the figure the sizing rule and {@code asr.pool.utilization{window="1m"}} use), kept in
 * fixed buckets so its cost does not grow with the rate of jobs.
 */
final class UtilisationWindow {
    private static final int BUCKETS = 60;

    private final LongSupplier clock;
    private final long bucketNanos;
    private final long[] area = new long[BUCKETS];
    private final long[] bucketOf = new long[BUCKETS];
    private final long startedNanos;
    private int level;
    private long lastNanos;

    UtilisationWindow(long windowNanos, LongSupplier clock) {
        this.clock = clock;
        this.bucketNanos = Math.max(1, windowNanos / BUCKETS);
        this.startedNanos = clock.getAsLong();
        this.lastNanos = startedNanos;
        java.util.Arrays.fill(bucketOf, Long.MIN_VALUE);
    }

    /** The level (slots taken) changed now. */
    synchronized void set(int newLevel) {
        accumulate(clock.getAsLong());
        level = newLevel;
    }

    synchronized int level() {
        return level;
    }

    /** Average level over the window (or since start, if younger than the window). */
    synchronized double average() {
        long now = clock.getAsLong();
        accumulate(now);
        long current = Math.floorDiv(now, bucketNanos);
        long sum = 0;
        for (int i = 0; i < BUCKETS; i++) {
            if (bucketOf[i] > current - BUCKETS && bucketOf[i] <= current) {
                sum += area[i];
            }
        }
        long windowStart = Math.max(startedNanos, (current - BUCKETS + 1) * bucketNanos);
        long covered = now - windowStart;
        return covered <= 0 ? level : (double) sum / covered;
    }

    private void accumulate(long now) {
        long t = Math.max(lastNanos, now - BUCKETS * bucketNanos); // older time has left the window
        while (t < now) {
            long bucket = Math.floorDiv(t, bucketNanos);
            long end = Math.min(now, (bucket + 1) * bucketNanos);
            int i = (int) Math.floorMod(bucket, (long) BUCKETS);
            if (bucketOf[i] != bucket) {
                bucketOf[i] = bucket;
                area[i] = 0;
            }
            area[i] += level * (end - t);
            t = end;
        }
        lastNanos = Math.max(lastNanos, now);
    }
}
