package io.asrhub.worker;

import io.asrhub.kafka.WorkerSettings;
import io.asrhub.pool.Reservation;
import io.asrhub.pool.SlotClaim;
import io.asrhub.records.Lane;
import io.asrhub.recognition.RecognitionPools;
import io.asrhub.recognition.RecognitionService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Admission: starts a job only when its provider (or, while that one's breaker is open, its
 * fallback) accepts work and a slot of that pool can be reserved without blocking — the pool's
 * slots are the only capacity count. Admitted jobs run on job threads; what they finish lands in
 * a mailbox the poll thread drains. Also runs the breakers' health probes.
 */
final class Dispatcher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Dispatcher.class);

    /** A job run that ended, with the pool it actually ran on. */
    record Done(PendingJob job, String pool, JobResult result) {
    }

    private final RecognitionPools pools;
    private final JobProcessor processor;
    private final Map<String, ProviderHealth> health = new LinkedHashMap<>();
    private final Map<Lane, AtomicInteger> running = new EnumMap<>(Lane.class);
    private final Queue<Done> done = new ConcurrentLinkedQueue<>();
    private final AtomicInteger runningPieces = new AtomicInteger();
    /** Running jobs per tenant (only tenants with some): what fair admission and the tenant cap read. */
    private final Map<String, Integer> runningByTenant = new java.util.concurrent.ConcurrentHashMap<>();
    /** Pieces running now, with their start (nanoTime): the piece watchdog's view. */
    private final Map<PendingJob, Long> pieceStarts = new java.util.concurrent.ConcurrentHashMap<>();
    private final ExecutorService jobThreads;
    private final java.util.function.BooleanSupplier lendReservedToPieces;

    Dispatcher(RecognitionPools pools, WorkerSettings s, JobProcessor processor) {
        this(pools, s, processor, () -> false);
    }

    /**
     * @param lendReservedToPieces asked when a piece finds no ordinary slot: true lets it take the
     *                             small lane's reserved slot (while no small job waits). A small job
     *                             then waits at most for one piece, since every piece is short.
     */
    Dispatcher(RecognitionPools pools, WorkerSettings s, JobProcessor processor,
               java.util.function.BooleanSupplier lendReservedToPieces) {
        this.lendReservedToPieces = lendReservedToPieces;
        this.pools = pools;
        this.processor = processor;
        for (String name : pools.names()) {
            ProviderHealth h = new ProviderHealth(name, s.breakerFailures(), s.retryBackoff().toNanos(),
                    s.retryBackoffMax().toNanos(), s.breakerOpen().toNanos());
            health.put(name, h);
            // An idle instance failing its health check is a provider failure, like a failed job.
            pools.get(name).pool().onHealthCheckFailure(reason -> h.failed(System.nanoTime(), 0));
        }
        for (Lane lane : Lane.values()) {
            running.put(lane, new AtomicInteger());
        }
        // Not a capacity limit: admission reserved a pool slot before a job gets a thread.
        AtomicInteger n = new AtomicInteger();
        String workerId = s.workerId();
        this.jobThreads = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(() -> {
                org.slf4j.MDC.put(io.asrhub.logging.JobLog.WORKER, workerId); // every line of this thread
                r.run();
            }, "asr-job-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    ProviderHealth health(String pool) {
        return health.get(pool);
    }

    Map<String, ProviderHealth> allHealth() {
        return health;
    }

    int running(Lane lane) {
        return running.get(lane).get();
    }

    int running(String tenant) {
        return runningByTenant.getOrDefault(tenant, 0);
    }

    private void tenantEnded(String tenant) {
        runningByTenant.computeIfPresent(tenant, (t, n) -> n == 1 ? null : n - 1);
    }

    int runningPieces() {
        return runningPieces.get();
    }

    Map<PendingJob, Long> pieceStarts() {
        return pieceStarts;
    }

    int running() {
        return running.values().stream().mapToInt(AtomicInteger::get).sum();
    }

    /** Whether a job of {@code lane} could start now on some pool that accepts work (advisory: whether to fetch). */
    boolean hasRoom(Lane lane) {
        return hasRoom(SlotClaim.job(lane == Lane.SMALL));
    }

    /** Whether a piece could start now (it may borrow the small lane's reserved slot). */
    boolean hasRoomForPieces() {
        return hasRoom(lendReservedToPieces.getAsBoolean() ? SlotClaim.PIECE_MAY_BORROW : SlotClaim.ORDINARY_JOB);
    }

    private boolean hasRoom(SlotClaim claim) {
        long now = System.nanoTime();
        return pools.names().stream().anyMatch(p -> health.get(p).acceptsJobs(now)
                && pools.get(p).pool().freeSlots(claim) > 0);
    }

    /** Starts {@code job} if its pool (or fallback) accepts work and has a slot for its lane now. */
    boolean tryStart(PendingJob job, long now) {
        String target = accepting(job.provider, now);
        if (target == null) {
            return false;
        }
        RecognitionService service = pools.get(target);
        SlotClaim claim = job.lane != Lane.SMALL && job.isPiece() && lendReservedToPieces.getAsBoolean()
                ? SlotClaim.PIECE_MAY_BORROW : SlotClaim.job(job.lane == Lane.SMALL);
        Optional<Reservation> slot = service.pool().tryReserve(claim);
        if (slot.isEmpty()) {
            return false;
        }
        Optional<Reservation> reserved = slot;
        running.get(job.lane).incrementAndGet();
        runningByTenant.merge(job.tenant, 1, Integer::sum);
        AtomicInteger pieceCount = job.isPiece() ? runningPieces : new AtomicInteger();
        pieceCount.incrementAndGet();
        if (job.isPiece()) {
            pieceStarts.put(job, now);
        }
        try {
            jobThreads.execute(() -> {
                JobResult result = JobResult.ABANDONED;
                try (io.asrhub.logging.JobLog ignored = job.log(target)) {
                    try {
                        result = processor.run(job, reserved.get(), service);
                    } catch (RuntimeException | Error e) {
                        LOG.error("job {}@{} failed unexpectedly; it stays uncommitted", job.partition, job.offset(), e);
                    } finally {
                        running.get(job.lane).decrementAndGet();
                        tenantEnded(job.tenant);
                        pieceCount.decrementAndGet();
                        pieceStarts.remove(job);
                        done.add(new Done(job, target, result));
                    }
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            running.get(job.lane).decrementAndGet();
            tenantEnded(job.tenant);
            pieceCount.decrementAndGet();
            pieceStarts.remove(job);
            slot.get().close();
            return false;
        }
        return true;
    }

    private String accepting(String provider, long now) {
        if (health.get(provider).acceptsJobs(now)) {
            return provider;
        }
        String fallback = pools.fallback(provider);
        if (fallback != null && health.get(provider).state() != ProviderHealth.State.CLOSED
                && health.containsKey(fallback) && health.get(fallback).acceptsJobs(now)) {
            return fallback;
        }
        return null;
    }

    /** Starts a probe for every open breaker whose wait is over, if its pool has a free slot. */
    void startDueProbes(long now) {
        for (ProviderHealth h : health.values()) {
            if (!h.probeDue(now)) {
                continue;
            }
            RecognitionService service = pools.get(h.provider());
            Optional<Reservation> slot = service.pool().tryReserve(SlotClaim.PROBE);
            if (slot.isEmpty()) {
                continue;
            }
            h.probeStarted();
            LOG.info("provider '{}': circuit breaker half-open, probing", h.provider());
            jobThreads.execute(() -> {
                boolean ok = false;
                try {
                    service.pool().probe(slot.get());
                    ok = true;
                } catch (Exception e) {
                    LOG.warn("provider '{}': probe failed, breaker stays open: {}", h.provider(), e.toString());
                } finally {
                    h.probeFinished(ok, System.nanoTime());
                    if (ok) {
                        LOG.info("provider '{}': probe succeeded, circuit breaker closed", h.provider());
                    }
                }
            });
        }
    }

    /** Job runs that ended since the last call. */
    Done nextDone() {
        return done.poll();
    }

    /** Interrupts job threads (shutdown past its grace); native decodes finish on their own. */
    @Override
    public void close() {
        jobThreads.shutdownNow();
        try {
            jobThreads.awaitTermination(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
