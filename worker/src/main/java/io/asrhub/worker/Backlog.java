package io.asrhub.worker;

import io.asrhub.records.Lane;
import org.apache.kafka.common.TopicPartition;

import io.asrhub.kafka.TenantFairness;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.ToIntFunction;

/**
 * Jobs fetched but not started, queued per (lane, provider): a saturated or failing provider
 * holds up only its own queue, never another provider's jobs. Lanes are served smallest first,
 * with aging: a job moves one lane up for every {@code lanes.aging-ms} it has waited, and a job
 * that moved up goes before the jobs native to its new lane (older first). So under a sustained
 * flood of small jobs a medium job is first in line after one aging period and a large one after
 * two; it then takes the next ordinary slot that frees (never a slot reserved for the small lane:
 * the claim it reserves with is still its own lane's). A partition with anything queued here is
 * paused by the worker until its queue empties. Within one (lane, provider), jobs are admitted
 * across tenants by {@link TenantQueue}. Used only from the poll thread.
 */
final class Backlog {
    private final Map<Lane, Map<String, TenantQueue>> queues = new EnumMap<>(Lane.class);
    private long agingNanos;
    private TenantFairness tenants = TenantFairness.DEFAULT;
    private ToIntFunction<String> runningOf = tenant -> 0;
    private long maxQueuedBytes;

    Backlog() {
        for (Lane lane : Lane.values()) {
            queues.put(lane, new LinkedHashMap<>());
        }
    }

    /** Turns on aging: one lane up per {@code perLane} of waiting; zero keeps strict smallest-first. */
    void ageBy(java.time.Duration perLane) {
        agingNanos = perLane.toNanos();
    }

    /**
     * How jobs of one queue are shared between tenants ({@code runningOf}: a tenant's running
     * jobs), and the byte bound of the read-ahead that lets the worker look past one tenant's run.
     */
    void shareBy(TenantFairness policy, ToIntFunction<String> runningOf) {
        this.tenants = policy;
        this.runningOf = runningOf;
        this.maxQueuedBytes = policy.maxQueuedBytes();
    }

    void add(PendingJob job) {
        queue(job).addLast(job);
    }

    /** A job coming back after a transient failure goes first in its queue (it is the oldest). */
    void requeue(PendingJob job) {
        queue(job).addFirst(job);
    }

    private TenantQueue queue(PendingJob job) {
        return queues.get(job.lane).computeIfAbsent(job.provider, p -> new TenantQueue(tenants));
    }

    /**
     * Offers due jobs in order of effective priority (see the class comment) to {@code start}; a
     * job it accepts leaves the backlog. Within one queue, a refusal ends that queue's turn (no
     * capacity or provider not accepting); the queue picks which tenant's job goes next.
     */
    void dispatch(long nowNanos, Predicate<PendingJob> start) {
        List<TenantQueue> order = new ArrayList<>();
        for (Lane lane : Lane.values()) {
            order.addAll(queues.get(lane).values());
        }
        if (agingNanos > 0) {
            // Each queue competes with its oldest job; queues of one lane keep their order.
            order.sort(Comparator.comparing(TenantQueue::oldest,
                    Comparator.nullsLast(Comparator.comparingInt((PendingJob j) -> effectiveLane(j, nowNanos))
                            .thenComparing(j -> !promoted(j, nowNanos))
                            .thenComparingLong(j -> promoted(j, nowNanos) ? j.queuedAtNanos : 0))));
        }
        for (TenantQueue queue : order) {
            queue.dispatch(nowNanos, start, runningOf);
        }
    }

    /** The lane a job competes in after aging: its own, minus one per aging period waited. */
    private int effectiveLane(PendingJob job, long nowNanos) {
        long steps = Math.max(0, nowNanos - job.queuedAtNanos) / agingNanos;
        return (int) Math.max(0, job.lane.ordinal() - steps);
    }

    private boolean promoted(PendingJob job, long nowNanos) {
        return effectiveLane(job, nowNanos) < job.lane.ordinal();
    }

    /**
     * Partitions with at least {@code limit} queued jobs, or with queued records of at least the
     * byte bound: they stay paused so nothing more is fetched for them. A read-ahead (limit above
     * 1) lets jobs for another provider, or of another tenant, further down the same partition be
     * fetched and started while one provider is saturated or one tenant's run fills the partition;
     * the two limits bound the memory this takes.
     */
    Set<TopicPartition> partitionsWaiting(int limit) {
        Map<TopicPartition, long[]> counts = new java.util.HashMap<>();
        forEach(j -> {
            long[] c = counts.computeIfAbsent(j.partition, tp -> new long[2]);
            c[0]++;
            c[1] += j.record.value() == null ? 0 : j.record.value().length;
        });
        Set<TopicPartition> out = new HashSet<>();
        counts.forEach((tp, c) -> {
            if (c[0] >= limit || (maxQueuedBytes > 0 && c[1] >= maxQueuedBytes)) {
                out.add(tp);
            }
        });
        return out;
    }

    int size(Lane lane, String provider) {
        TenantQueue q = queues.get(lane).get(provider);
        return q == null ? 0 : q.size();
    }

    int size(Lane lane) {
        return queues.get(lane).values().stream().mapToInt(TenantQueue::size).sum();
    }

    /** Pieces of long jobs waiting (they queue in their parent's lane). */
    int pieces() {
        int n = 0;
        for (Map<String, TenantQueue> m : queues.values()) {
            for (TenantQueue q : m.values()) {
                n += q.count(PendingJob::isPiece);
            }
        }
        return n;
    }

    int size() {
        int n = 0;
        for (Map<String, TenantQueue> m : queues.values()) {
            for (TenantQueue q : m.values()) {
                n += q.size();
            }
        }
        return n;
    }

    /** Forgets jobs of partitions this worker no longer owns; the new owner fetches them again. */
    void drop(Collection<TopicPartition> partitions) {
        queues.values().forEach(m -> m.values().forEach(q -> q.removeIf(j -> partitions.contains(j.partition))));
    }

    /** Every queued job, e.g. to give their deliveries back on shutdown. */
    void forEach(java.util.function.Consumer<PendingJob> action) {
        queues.values().forEach(m -> m.values().forEach(q -> q.forEach(action)));
    }

    void clear() {
        queues.values().forEach(m -> m.values().forEach(TenantQueue::clear));
    }
}
