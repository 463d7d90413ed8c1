package io.asrhub.worker;

import java.time.Duration;

/**
 * What {@code /livez} and {@code /readyz} report.
 * <p>Live: this process can still make progress: the poll loop runs, has come round within
 * {@link #STALL_LIMIT}, and has not failed. A broker outage never makes a worker not live: the
 * loop keeps polling through it and resumes on its own when the broker returns, so restarting
 * every pod during a Kafka incident would only add a restart storm and CrashLoopBackOff delays.
 * <p>Ready: live, the first assignment received, not stopping, and the broker answered within
 * {@code brokerTimeout}. That is what a rolling update and the not-ready alert should see.
 */
public final class WorkerHealth {
    /**
     * Longest a healthy poll loop goes without coming round: longer than any single blocking step
     * it takes (a revocation grace, a producer's bounded send, an offset commit's API timeout).
     */
    public static final Duration STALL_LIMIT = Duration.ofMinutes(2);

    private final long brokerTimeoutNanos;
    private volatile boolean running;
    private volatile boolean assigned;
    private volatile boolean stopping;
    private volatile Throwable failure;
    private volatile long lastBrokerContactNanos = System.nanoTime();
    private volatile long lastPollNanos = System.nanoTime();
    private volatile boolean brokerReachable = true;

    public WorkerHealth(Duration brokerTimeout) {
        this.brokerTimeoutNanos = brokerTimeout.toNanos();
    }

    void started() {
        running = true;
        lastBrokerContactNanos = System.nanoTime();
        lastPollNanos = System.nanoTime();
    }

    /** The poll loop came round once more. */
    void polled() {
        lastPollNanos = System.nanoTime();
    }

    void assigned() {
        assigned = true;
    }

    void stopping() {
        stopping = true;
    }

    void stopped(Throwable failure) {
        this.failure = failure;
        running = false;
    }

    /** Records a broker check; returns whether reachability changed (worth a log line). */
    boolean brokerChecked(boolean reachable) {
        if (reachable) {
            lastBrokerContactNanos = System.nanoTime();
        }
        boolean changed = reachable != brokerReachable;
        brokerReachable = reachable;
        return changed;
    }

    public boolean isReady() {
        return isLive() && assigned && !stopping && brokerAnsweredRecently();
    }

    public boolean isLive() {
        return running && failure == null && System.nanoTime() - lastPollNanos < STALL_LIMIT.toNanos();
    }

    /** Whether the broker answered within {@code brokerTimeout} (what readiness asks). */
    public boolean brokerAnsweredRecently() {
        return System.nanoTime() - lastBrokerContactNanos < brokerTimeoutNanos;
    }

    /** Whether the last broker check was answered. */
    public boolean brokerReachable() {
        return brokerReachable;
    }

    /** Seconds since the broker last answered a check (0 while it answers). */
    public double secondsSinceBrokerContact() {
        return brokerReachable ? 0 : (System.nanoTime() - lastBrokerContactNanos) / 1e9;
    }

    /** Why the worker stopped on its own, or null (still running, or stopped on request). */
    public Throwable failure() {
        return failure;
    }
}
