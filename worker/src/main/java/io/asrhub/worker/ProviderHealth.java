package io.asrhub.worker;

/**
 * One provider's failure state, as seen by the poll thread: a capped exponential backoff after
 * consecutive transient failures, and a circuit breaker that opens after
 * {@code failuresToOpen} of them. While open, no job is sent to the provider; after the open
 * period a probe (a short synthetic recognition through the pool) decides: success closes the
 * breaker, failure opens it again for twice as long (capped).
 *
 * <p>It also answers the dead-letter question: a job's failure only counts against the job when
 * the provider succeeded at something since that job last failed, i.e. the provider is healthy
 * and the job is the problem. During an outage nothing succeeds, so nothing is dead-lettered.
 */
final class ProviderHealth {
    enum State { CLOSED, HALF_OPEN, OPEN }

    private final String provider;
    private final int failuresToOpen;
    private final long firstBackoffNanos;
    private final long maxBackoffNanos;
    private final long firstOpenNanos;
    private State state = State.CLOSED;
    private int consecutiveFailures;
    private int opens;
    private long notBeforeNanos;
    private long lastSuccessNanos = Long.MIN_VALUE;
    private boolean probing;
    private long openedTotal;
    private long closedTotal;

    ProviderHealth(String provider, int failuresToOpen, long firstBackoffNanos, long maxBackoffNanos,
                   long firstOpenNanos) {
        this.provider = provider;
        this.failuresToOpen = failuresToOpen;
        this.firstBackoffNanos = Math.max(1, firstBackoffNanos);
        this.maxBackoffNanos = Math.max(this.firstBackoffNanos, maxBackoffNanos);
        this.firstOpenNanos = Math.max(1, firstOpenNanos);
    }

    String provider() {
        return provider;
    }

    synchronized State state() {
        return state;
    }

    /** True when jobs may be sent now (breaker closed and no backoff pending). */
    synchronized boolean acceptsJobs(long now) {
        return state == State.CLOSED && now >= notBeforeNanos;
    }

    /** True when the breaker's open period is over and no probe runs yet. */
    synchronized boolean probeDue(long now) {
        return state == State.OPEN && !probing && now >= notBeforeNanos;
    }

    synchronized void probeStarted() {
        probing = true;
        state = State.HALF_OPEN;
    }

    synchronized void probeFinished(boolean ok, long now) {
        probing = false;
        if (ok) {
            succeeded(now);
        } else {
            open(now);
        }
    }

    synchronized void succeeded(long now) {
        lastSuccessNanos = now;
        consecutiveFailures = 0;
        notBeforeNanos = 0;
        if (state != State.CLOSED) {
            closedTotal++;
        }
        state = State.CLOSED;
        opens = 0;
    }

    /** Records a transient failure; returns whether it counts against the job (provider otherwise healthy). */
    synchronized boolean failed(long now, long jobPreviousFailureNanos) {
        boolean jobsFault = jobPreviousFailureNanos == 0 || lastSuccessNanos > jobPreviousFailureNanos;
        consecutiveFailures++;
        if (state == State.CLOSED && consecutiveFailures >= failuresToOpen) {
            open(now);
        } else if (state == State.CLOSED) {
            notBeforeNanos = now + backoff(consecutiveFailures, firstBackoffNanos);
        }
        return jobsFault;
    }

    private void open(long now) {
        if (state != State.OPEN) {
            openedTotal++;
        }
        state = State.OPEN;
        opens++;
        notBeforeNanos = now + backoff(opens, firstOpenNanos);
    }

    private long backoff(int n, long first) {
        int shift = Math.min(30, Math.max(0, n - 1));
        long value = first << shift;
        return value <= 0 ? maxBackoffNanos : Math.min(maxBackoffNanos, value);
    }

    synchronized long openedTotal() {
        return openedTotal;
    }

    synchronized long closedTotal() {
        return closedTotal;
    }

    /** Meter value: 0 closed, 1 half-open, 2 open. */
    synchronized int stateCode() {
        return state.ordinal();
    }
}
