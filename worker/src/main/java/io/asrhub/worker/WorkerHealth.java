package io.asrhub.worker;

import java.time.Duration;

/**
 * What {@code /readyz} and {@code /livez} report. Ready: the worker has started, received its
 * first assignment and is not stopping. Live: the poll loop runs, it has not failed, and the
 * broker answered within the last {@code brokerTimeout} (a worker that cannot reach its broker for
 * that long is restarted rather than reported healthy while it does nothing).
 */
public final class WorkerHealth {
    private final long brokerTimeoutNanos;
    private volatile boolean running;
    private volatile boolean assigned;
    private volatile boolean stopping;
    private volatile Throwable failure;
    private volatile long lastBrokerContactNanos = System.nanoTime();
    private volatile boolean brokerReachable = true;

    public WorkerHealth(Duration brokerTimeout) {
        this.brokerTimeoutNanos = brokerTimeout.toNanos();
    }

    void started() {
        running = true;
        lastBrokerContactNanos = System.nanoTime();
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
        return running && assigned && !stopping && failure == null;
    }

    public boolean isLive() {
        return running && failure == null && System.nanoTime() - lastBrokerContactNanos < brokerTimeoutNanos;
    }

    public boolean brokerReachable() {
        return brokerReachable;
    }

    /** Why the worker stopped on its own, or null (still running, or stopped on request). */
    public Throwable failure() {
        return failure;
    }
}
