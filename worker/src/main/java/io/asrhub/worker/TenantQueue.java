package io.asrhub.worker;

import io.asrhub.kafka.TenantFairness;

import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.ToIntFunction;

/**
 * The jobs of one (lane, provider) waiting to start, one FIFO per tenant. Admission takes the
 * tenant with the fewest jobs running on this worker, ties going to the tenant served longest ago
 * (a tenant that just arrived counts as never served): so a tenant flooding the queue gets the
 * slots no one else asks for, and another tenant's job is the next to start once it is here.
 * With round-robin off, all jobs share one FIFO (the order they were fetched in). A tenant at its
 * cap ({@code lanes.tenant-max-in-flight}) is passed over. Poll thread only.
 */
final class TenantQueue {
    private static final class Turn {
        final ArrayDeque<PendingJob> jobs = new ArrayDeque<>();
        long lastServed;
    }

    private final TenantFairness policy;
    /** Tenants with queued jobs only: an emptied tenant is dropped, so memory follows the backlog. */
    private final Map<String, Turn> tenants = new LinkedHashMap<>();
    private int size;
    private long served;

    TenantQueue(TenantFairness policy) {
        this.policy = policy;
    }

    void addLast(PendingJob job) {
        turn(job).jobs.addLast(job);
        size++;
    }

    /** A job coming back after a transient failure goes first among its tenant's jobs (it is the oldest). */
    void addFirst(PendingJob job) {
        turn(job).jobs.addFirst(job);
        size++;
    }

    private Turn turn(PendingJob job) {
        return tenants.computeIfAbsent(policy.roundRobin() ? job.tenant : "", t -> new Turn());
    }

    /** The job that entered the backlog first (lane aging ranks queues by it), or null. */
    PendingJob oldest() {
        PendingJob oldest = null;
        for (Turn t : tenants.values()) {
            PendingJob head = t.jobs.peekFirst();
            if (head != null && (oldest == null || head.queuedAtNanos < oldest.queuedAtNanos)) {
                oldest = head;
            }
        }
        return oldest;
    }

    /**
     * Offers jobs to {@code start} in fair order until it refuses one (no slot, or the provider
     * does not accept work: the queue's turn ends) or none is startable. A job still backing off,
     * or of a tenant at its cap, is passed over; jobs behind it may go.
     *
     * @param running jobs of a tenant running on this worker now (counted up as {@code start} accepts)
     */
    void dispatch(long nowNanos, Predicate<PendingJob> start, ToIntFunction<String> running) {
        while (size > 0) {
            Turn from = null;
            PendingJob next = null;
            int fewest = Integer.MAX_VALUE;
            for (Turn t : tenants.values()) {
                PendingJob candidate = firstStartable(t, nowNanos, running);
                if (candidate == null) {
                    continue;
                }
                int load = running.applyAsInt(candidate.tenant);
                if (load < fewest || (load == fewest && t.lastServed < from.lastServed)) {
                    from = t;
                    next = candidate;
                    fewest = load;
                }
            }
            if (next == null || !start.test(next)) {
                return;
            }
            from.jobs.remove(next);
            size--;
            from.lastServed = ++served;
            if (from.jobs.isEmpty()) {
                tenants.values().remove(from);
            }
        }
    }

    private PendingJob firstStartable(Turn turn, long nowNanos, ToIntFunction<String> running) {
        PendingJob head = turn.jobs.peekFirst();
        if (policy.roundRobin() && head != null && !policy.mayStart(running.applyAsInt(head.tenant))) {
            return null; // one tenant per FIFO: all of them wait for that tenant's running jobs
        }
        for (PendingJob job : turn.jobs) {
            if (job.notBeforeNanos <= nowNanos && policy.mayStart(running.applyAsInt(job.tenant))) {
                return job;
            }
        }
        return null;
    }

    int size() {
        return size;
    }

    int count(Predicate<PendingJob> which) {
        int n = 0;
        for (Turn t : tenants.values()) {
            for (PendingJob job : t.jobs) {
                n += which.test(job) ? 1 : 0;
            }
        }
        return n;
    }

    void removeIf(Predicate<PendingJob> which) {
        Iterator<Turn> it = tenants.values().iterator();
        while (it.hasNext()) {
            Turn t = it.next();
            int before = t.jobs.size();
            t.jobs.removeIf(which);
            size -= before - t.jobs.size();
            if (t.jobs.isEmpty()) {
                it.remove();
            }
        }
    }

    void forEach(Consumer<PendingJob> action) {
        tenants.values().forEach(t -> t.jobs.forEach(action));
    }

    void clear() {
        tenants.clear();
        size = 0;
    }
}
