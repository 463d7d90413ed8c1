package io.asrhub.pool;

import io.asrhub.config.PoolOptions;
import io.asrhub.errors.AsrException;
import io.asrhub.errors.ErrorCode;
import io.asrhub.provider.Provider;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * A bounded pool of recognizers for one provider: the admission API (reserve, acquire, probe,
 * close). The work behind it is split by responsibility: {@link Slots} counts capacity and holds
 * the borrowing policy, {@link InstanceKeeper} creates, warms, retires and replenishes instances,
 * {@link PoolMaintenance} runs health checks and sizing on its own scheduler, {@link PoolMetrics}
 * binds the meters. Capacity is counted once, in slots (held from admission until the lease is
 * returned); instances apart: one out for a health check or being retired never keeps a caller
 * waiting for capacity. Live instances never exceed {@code maxSize}.
 */
public final class RecognizerPool implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RecognizerPool.class);

    private final String name;
    private final Provider provider;
    private final PoolOptions options;
    private final PoolMetrics metrics;
    private final UtilisationWindow utilisation;
    private final Slots slots;
    private final InstanceKeeper keeper;
    private final PoolMaintenance maintenance;
    private final AtomicInteger waiting = new AtomicInteger();
    private volatile boolean closed;

    private RecognizerPool(String name, Provider provider, PoolOptions options) {
        this.name = name;
        this.provider = provider;
        this.options = options;
        this.utilisation = new UtilisationWindow(options.sizingWindow().toNanos(), System::nanoTime);
        this.slots = new Slots(options.maxSize(), options.reservedSlots(), utilisation);
        this.metrics = new PoolMetrics(name);
        SizingRule sizing = new SizingRule(options.lowWater(), options.highWater(), options.sizingWindow().toNanos(),
                System.nanoTime());
        this.keeper = new InstanceKeeper(name, provider, options, metrics, () -> sizing.grewOnDemand(System.nanoTime()));
        this.maintenance = new PoolMaintenance(name, options, keeper, metrics, utilisation, slots, sizing);
        metrics.gaugesOf(this, slots, waiting::get);
    }

    /**
     * Creates the pool and its {@code minSize} instances, warmed up when configured. The pool owns
     * the provider from here on: if start-up fails, the provider is closed before the error is thrown.
     */
    public static RecognizerPool start(String name, Provider provider, PoolOptions options, MeterRegistry registry)
            throws AsrException {
        RecognizerPool pool;
        try {
            pool = new RecognizerPool(name, provider, options);
            pool.metrics.bindTo(registry);
        } catch (RuntimeException e) {
            provider.close();
            throw e;
        }
        try {
            pool.keeper.startMin();
        } catch (AsrException | RuntimeException e) {
            pool.close(Duration.ZERO);
            throw e;
        }
        pool.maintenance.start();
        return pool;
    }

    public String name() {
        return name;
    }

    public Provider provider() {
        return provider;
    }

    public PoolOptions options() {
        return options;
    }

    /** Takes a slot for {@code claim} without blocking, or nothing when none is free for it. */
    public Optional<Reservation> tryReserve(SlotClaim claim) {
        Slots.Slot slot = closed ? null : slots.tryTake(claim);
        return slot == null ? Optional.empty() : Optional.of(new Reservation(this, slot));
    }

    /** Free slots for {@code claim} right now (advisory: another caller may take them). */
    public int freeSlots(SlotClaim claim) {
        return closed ? 0 : slots.free(claim);
    }

    public Lease acquire() throws AsrException {
        return acquire(options.acquireTimeout());
    }

    /** Blocks until any slot is free; throws {@link PoolExhaustedException} after {@code timeout}. */
    public Lease acquire(Duration timeout) throws AsrException {
        if (closed) {
            throw closedError();
        }
        long start = System.nanoTime();
        Slots.Slot slot;
        waiting.incrementAndGet();
        try {
            slot = slots.take(SlotClaim.PROBE, timeout.toNanos());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AsrException(ErrorCode.INTERRUPTED, "interrupted while waiting for a '" + name + "' recognizer");
        } finally {
            waiting.decrementAndGet();
        }
        if (slot == null) {
            metrics.acquireTimedOut();
            throw new PoolExhaustedException("pool '" + name + "' exhausted: no recognizer became free within "
                    + timeout.toMillis() + " ms (all " + options.maxSize() + " in use)");
        }
        return leaseFor(slot, System.nanoTime() - start);
    }

    Lease leaseFor(Slots.Slot slot, long waitedNanos) throws AsrException {
        if (closed) {
            slots.give(slot);
            throw closedError();
        }
        PooledInstance instance;
        try {
            instance = keeper.lease();
        } catch (AsrException | RuntimeException | Error e) {
            slots.give(slot);
            throw e;
        }
        metrics.acquired(waitedNanos);
        instance.markLeased();
        return new Lease(this, instance, slot, waitedNanos);
    }

    /**
     * A health probe on a reserved slot: one short synthetic recognition. Used by the worker's
     * circuit breaker to learn whether a failing provider works again without risking a real job.
     */
    public void probe(Reservation reservation) throws AsrException {
        try (Lease lease = reservation.lease()) {
            try {
                keeper.warmUp().run(lease.recognizer(), "probe");
            } catch (AsrException | RuntimeException e) {
                lease.markBroken();
                throw e;
            }
        }
    }

    /**
     * Subscribes to failed health checks of idle instances ({@code reason}: unhealthy, failed or
     * timeout); the worker counts them toward the provider's circuit breaker.
     */
    public void onHealthCheckFailure(Consumer<String> listener) {
        maintenance.onCheckFailure(listener);
    }

    void giveBack(Slots.Slot slot) {
        slots.give(slot);
    }

    void release(PooledInstance instance, Slots.Slot slot, boolean broken) {
        boolean retired = keeper.takeBack(instance, broken);
        slots.give(slot); // the slot is free now, whatever happens to the instance
        if (retired) {
            // Engine close can block (native engines wait for the model gate), so it runs off the caller's thread.
            maintenance.retireInBackground(instance);
        }
    }

    public int size() {
        return keeper.instances().live();
    }

    public int inUse() {
        return keeper.instances().inUse();
    }

    public int idleCount() {
        return keeper.instances().idle();
    }

    public int closingCount() {
        return keeper.instances().closing();
    }

    public int waiting() {
        return waiting.get();
    }

    /** Slots in use / capacity now, 0..1. */
    public double utilisationNow() {
        return (double) slots.taken() / slots.max();
    }

    /** Slots in use / capacity, time-weighted over the sizing window (default one minute), 0..1. */
    public double utilisationAverage() {
        return utilisation.average() / slots.max();
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(30));
    }

    /**
     * Refuses new work, stops maintenance and waits for it, waits up to {@code grace} for in-flight
     * work, then frees every instance. The provider's shared resources are freed only once nothing
     * runs on them (native engines crash if their model is freed under a running decode); work that
     * outlives the grace closes them when it finishes.
     */
    public void close(Duration grace) {
        closed = true;
        keeper.closing();
        long deadline = System.nanoTime() + grace.toNanos();
        maintenance.stop(grace);
        List<PooledInstance> toClose = keeper.instances().drainIdle(deadline);
        toClose.forEach(i -> {
            i.closeQuietly();
            metrics.destroyed("closed");
        });
        if (inUse() > 0) {
            LOG.warn("pool '{}' closed with {} request(s) still running; the engine is freed when they finish",
                    name, inUse());
        }
        keeper.closeProviderIfIdle();
        metrics.close();
    }

    public boolean isClosed() {
        return closed;
    }

    private AsrException closedError() {
        return new AsrException(ErrorCode.POOL_CLOSED, "pool '" + name + "' is shutting down");
    }
}
