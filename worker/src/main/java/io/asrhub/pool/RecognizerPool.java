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
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A bounded pool of recognizers for one provider.
 *
 * <p>Capacity is counted once, in {@link Slots}: a caller holds a slot from admission until its
 * lease is returned. Instances are separate from slots: an instance being health-checked is
 * briefly away from the idle list, and a retired instance gives its slot back at once and is
 * closed in the background, so neither ever keeps a caller waiting for capacity. Live instances
 * (idle + in use + being checked) never exceed {@code maxSize}; instances being torn down are
 * counted apart ({@code asr.pool.closing}).
 */
public final class RecognizerPool implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RecognizerPool.class);

    private final String name;
    private final Provider provider;
    private final PoolOptions options;
    private final PoolMetrics metrics;
    private final Slots slots;
    private final Instances instances;
    private final AtomicInteger waiting = new AtomicInteger();
    private final ScheduledExecutorService maintenance;
    private final WarmUp warmUp;
    private final java.util.concurrent.atomic.AtomicBoolean providerClosed =
            new java.util.concurrent.atomic.AtomicBoolean();
    private volatile boolean closed;

    private RecognizerPool(String name, Provider provider, PoolOptions options) {
        this.name = name;
        this.provider = provider;
        this.options = options;
        this.slots = new Slots(options.maxSize(), options.reservedSlots());
        this.instances = new Instances(options.maxSize());
        this.warmUp = new WarmUp(provider.sampleRate());
        this.maintenance = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "asr-pool-maintenance-" + name);
            t.setDaemon(true);
            return t;
        });
        this.metrics = new PoolMetrics(name)
                .gauge("asr.pool.instances", "live recognizer instances", this::size)
                .gauge("asr.pool.in_use", "instances serving a request", this::inUse)
                .gauge("asr.pool.idle", "instances ready to serve", this::idleCount)
                .gauge("asr.pool.closing", "retired instances still being torn down", this::closingCount)
                .gauge("asr.pool.slots.taken", "slots held by admitted or running work", slots::taken)
                .gauge("asr.pool.waiting", "callers blocked in acquire", waiting::get)
                .gauge("asr.pool.max", "configured maximum size", options::maxSize)
                .gauge("asr.pool.reserved", "slots only the small lane may take", slots::reserved);
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
            for (int i = 0; i < options.minSize(); i++) {
                pool.instances.addNew(pool.create(options.warmUp()));
            }
        } catch (AsrException | RuntimeException e) {
            pool.close(Duration.ZERO);
            throw e;
        }
        long every = Math.max(1, options.healthCheckInterval().toMillis());
        pool.maintenance.scheduleWithFixedDelay(pool::maintain, every, every, TimeUnit.MILLISECONDS);
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

    /** Takes a slot without blocking, or nothing when none is free for this caller. */
    public Optional<Reservation> tryReserve(boolean mayUseReserved) {
        if (closed || !slots.tryTake(mayUseReserved)) {
            return Optional.empty();
        }
        return Optional.of(new Reservation(this, mayUseReserved));
    }

    /** Free slots for a caller of this kind right now (advisory: another caller may take them). */
    public int freeSlots(boolean mayUseReserved) {
        return closed ? 0 : slots.free(mayUseReserved);
    }

    public Lease acquire() throws AsrException {
        return acquire(options.acquireTimeout());
    }

    /** Blocks until a slot is free; throws {@link PoolExhaustedException} after {@code timeout}. */
    public Lease acquire(Duration timeout) throws AsrException {
        ensureOpen();
        long start = System.nanoTime();
        boolean granted;
        waiting.incrementAndGet();
        try {
            granted = slots.take(true, timeout.toNanos());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AsrException(ErrorCode.INTERRUPTED, "interrupted while waiting for a '" + name + "' recognizer");
        } finally {
            waiting.decrementAndGet();
        }
        if (!granted) {
            metrics.acquireTimedOut();
            throw new PoolExhaustedException("pool '" + name + "' exhausted: no recognizer became free within "
                    + timeout.toMillis() + " ms (all " + options.maxSize() + " in use)");
        }
        return leaseFor(new Reservation(this, true), System.nanoTime() - start);
    }

    Lease leaseFor(Reservation reservation, long waitedNanos) throws AsrException {
        if (closed) {
            slots.give(reservation.mayUseReserved());
            throw closedError();
        }
        PooledInstance instance;
        try {
            instance = takeIdleOrCreate();
        } catch (AsrException | RuntimeException | Error e) {
            slots.give(reservation.mayUseReserved());
            throw e;
        }
        metrics.acquired(waitedNanos);
        instance.markLeased();
        return new Lease(this, instance, reservation.mayUseReserved(), waitedNanos);
    }

    /**
     * A health probe on a reserved slot: one short synthetic recognition. Used by the worker's
     * circuit breaker to learn whether a failing provider works again without risking a real job.
     */
    public void probe(Reservation reservation) throws AsrException {
        try (Lease lease = reservation.lease()) {
            try {
                warmUp.run(lease.recognizer());
            } catch (AsrException | RuntimeException e) {
                lease.markBroken();
                throw e;
            }
        }
    }

    void giveBack(Reservation reservation) {
        slots.give(reservation.mayUseReserved());
    }

    void release(PooledInstance instance, boolean mayUseReserved, boolean broken) {
        String destroyReason = broken ? "broken" : closed ? "closed" : healthy(instance) ? null : "unhealthy";
        instance.markReturned();
        instances.returned(instance, destroyReason == null);
        slots.give(mayUseReserved); // the slot is free now, whatever happens to the instance
        if (destroyReason != null) {
            metrics.destroyed(destroyReason);
            // Engine close can block (native engines wait for the model gate), so it runs off the caller's thread.
            runInBackground(() -> {
                closeRetired(instance);
                replenish();
            }, instance);
        }
    }

    private void closeRetired(PooledInstance instance) {
        instance.closeQuietly();
        instances.closed();
        closeProviderIfIdle();
    }

    public int size() {
        return instances.live();
    }

    public int inUse() {
        return instances.inUse();
    }

    public int idleCount() {
        return instances.idle();
    }

    public int closingCount() {
        return instances.closing();
    }

    public int waiting() {
        return waiting.get();
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
        long deadline = System.nanoTime() + grace.toNanos();
        maintenance.shutdown();
        try {
            if (!maintenance.awaitTermination(Math.max(1, grace.toMillis()), TimeUnit.MILLISECONDS)) {
                LOG.warn("pool '{}': maintenance still running after {} ms", name, grace.toMillis());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        List<PooledInstance> toClose = instances.drainIdle(deadline);
        toClose.forEach(i -> {
            i.closeQuietly();
            metrics.destroyed("closed");
        });
        if (inUse() > 0) {
            LOG.warn("pool '{}' closed with {} request(s) still running; the engine is freed when they finish",
                    name, inUse());
        }
        closeProviderIfIdle();
        metrics.close();
    }

    private void closeProviderIfIdle() {
        if (closed && instances.none() && providerClosed.compareAndSet(false, true)) {
            provider.close();
        }
    }

    public boolean isClosed() {
        return closed;
    }

    private PooledInstance takeIdleOrCreate() throws AsrException {
        PooledInstance ready;
        try {
            ready = instances.takeIdleOrCountNew();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AsrException(ErrorCode.INTERRUPTED, "interrupted while waiting for a '" + name + "' instance");
        }
        if (ready != null) {
            return ready;
        }
        try {
            return create(false);
        } catch (AsrException | RuntimeException e) {
            instances.creationFailed();
            throw e;
        }
    }

    private PooledInstance create(boolean warm) throws AsrException {
        PooledInstance instance;
        try {
            instance = new PooledInstance(provider.newRecognizer());
        } catch (AsrException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new AsrException(ErrorCode.PROVIDER_FAILED, "cannot create a '" + name + "' recognizer: " + e, e);
        }
        metrics.created();
        if (warm) {
            try {
                warmUp.run(instance.recognizer());
            } catch (AsrException | RuntimeException e) {
                instance.closeQuietly();
                throw e;
            }
        }
        return instance;
    }

    /** Periodic: check idle instances one at a time (retire unhealthy and long-idle ones), then top up to min. */
    void maintain() {
        try {
            PoolMaintenance.checkIdle(this);
            replenish();
        } catch (RuntimeException e) {
            LOG.warn("pool '{}' maintenance failed", name, e);
        }
    }

    /** Takes the least recently used idle instance out for a check, or null. */
    PooledInstance takeForCheck() {
        return instances.takeForCheck();
    }

    /** Returns a checked instance, or retires it for {@code reason}. */
    void checked(PooledInstance instance, String reason) {
        instances.checked(instance, reason == null && !closed);
        if (reason != null || closed) {
            metrics.destroyed(reason == null ? "closed" : reason);
            closeRetired(instance);
        }
    }

    boolean aboveMin() {
        return instances.live() > options.minSize();
    }

    private void replenish() {
        while (!closed && instances.countNewBelow(options.minSize())) {
            try {
                instances.addCounted(create(false));
            } catch (AsrException | RuntimeException e) {
                instances.uncount();
                LOG.warn("pool '{}' could not replace an instance; will retry at the next health check: {}", name,
                        e.toString());
                return;
            }
        }
    }

    private void runInBackground(Runnable task, PooledInstance instance) {
        try {
            maintenance.execute(task);
        } catch (RejectedExecutionException e) {
            closeRetired(instance); // pool is closing: no replacement needed
        }
    }

    boolean healthy(PooledInstance instance) {
        try {
            return instance.recognizer().isHealthy();
        } catch (RuntimeException e) {
            return false;
        }
    }

    private void ensureOpen() throws AsrException {
        if (closed) {
            throw closedError();
        }
    }

    private AsrException closedError() {
        return new AsrException(ErrorCode.POOL_CLOSED, "pool '" + name + "' is shutting down");
    }
}
