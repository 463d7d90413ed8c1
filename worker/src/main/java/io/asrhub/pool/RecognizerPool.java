package io.asrhub.pool;

import io.asrhub.errors.AsrException;
import io.asrhub.errors.ErrorCode;
import io.asrhub.provider.Provider;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A bounded pool of recognizers for one provider.
 *
 * <p>Invariant: every instance that is in use, being created or being health-checked holds one
 * of {@code maxSize} semaphore permits, and new instances are only created when no idle one
 * exists; together that keeps the instance count at or below {@code maxSize} at all times.
 */
public final class RecognizerPool implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RecognizerPool.class);

    private final String name;
    private final Provider provider;
    private final PoolOptions options;
    private final PoolMetrics metrics;
    private final Semaphore permits;
    private final Object lock = new Object();
    private final Deque<PooledInstance> idle = new ArrayDeque<>();
    private final AtomicInteger waiting = new AtomicInteger();
    private final ScheduledExecutorService maintenance;
    private final WarmUp warmUp;
    private int total;
    private int inUse;
    private volatile boolean closed;

    private RecognizerPool(String name, Provider provider, PoolOptions options, MeterRegistry registry) {
        this.name = name;
        this.provider = provider;
        this.options = options;
        this.metrics = new PoolMetrics(registry, name);
        this.permits = new Semaphore(options.maxSize(), true);
        this.warmUp = new WarmUp(provider.sampleRate());
        this.maintenance = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "asr-pool-maintenance-" + name);
            t.setDaemon(true);
            return t;
        });
        metrics.gauge("asr.pool.instances", "live recognizer instances", this::size);
        metrics.gauge("asr.pool.in_use", "instances serving a request", this::inUse);
        metrics.gauge("asr.pool.idle", "instances ready to serve", this::idleCount);
        metrics.gauge("asr.pool.waiting", "callers blocked in acquire", waiting::get);
        metrics.gauge("asr.pool.max", "configured maximum size", options::maxSize);
    }

    /**
     * Creates the pool and its {@code minSize} instances, warmed up when configured. The pool owns
     * the provider from here on: if start-up fails, the provider is closed before the error is thrown.
     */
    public static RecognizerPool start(String name, Provider provider, PoolOptions options, MeterRegistry registry)
            throws AsrException {
        RecognizerPool pool;
        try {
            pool = new RecognizerPool(name, provider, options, registry);
        } catch (RuntimeException e) {
            provider.close();
            throw e;
        }
        try {
            for (int i = 0; i < options.minSize(); i++) {
                pool.addWarmInstance();
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
            granted = permits.tryAcquire(timeout.toNanos(), TimeUnit.NANOSECONDS);
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
        if (closed) {
            permits.release();
            throw closedError();
        }
        PooledInstance instance;
        try {
            instance = takeIdleOrCreate();
        } catch (AsrException | RuntimeException | Error e) {
            permits.release();
            throw e;
        }
        long waited = System.nanoTime() - start;
        metrics.acquired(waited);
        instance.markLeased();
        return new Lease(this, instance, waited);
    }

    void release(PooledInstance instance, boolean broken) {
        String destroyReason = broken ? "broken" : closed ? "closed" : healthy(instance) ? null : "unhealthy";
        instance.markReturned();
        if (destroyReason == null) {
            synchronized (lock) {
                inUse--;
                idle.addFirst(instance); // LIFO keeps a hot core and lets the rest idle out
                lock.notifyAll();
            }
            permits.release();
            return;
        }
        metrics.destroyed(destroyReason);
        // Engine close can block (native engines wait for other decodes), so it runs off the
        // caller's thread; the permit is returned only after the close, which keeps live
        // instances <= max even while a retired one is still being torn down.
        runInBackground(() -> {
            retire(instance);
            replenish();
        }, instance);
    }

    private void retire(PooledInstance instance) {
        instance.closeQuietly();
        synchronized (lock) {
            inUse--;
            total--;
            lock.notifyAll();
        }
        permits.release();
    }

    public int size() {
        synchronized (lock) {
            return total;
        }
    }

    public int inUse() {
        synchronized (lock) {
            return inUse;
        }
    }

    public int idleCount() {
        synchronized (lock) {
            return idle.size();
        }
    }

    public int waiting() {
        return waiting.get();
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(30));
    }

    /**
     * Refuses new work, waits up to {@code grace} for in-flight work, then frees every instance.
     * The provider's shared resources are kept when work is still running, because native engines
     * crash if their model is freed under a running decode.
     */
    public void close(Duration grace) {
        closed = true;
        for (Runnable pending : maintenance.shutdownNow()) {
            try {
                pending.run(); // deferred closes of retired instances must still happen
            } catch (RuntimeException e) {
                LOG.warn("pool '{}': cleanup task failed during close", name, e);
            }
        }
        long deadline = System.nanoTime() + grace.toNanos();
        List<PooledInstance> toClose = new ArrayList<>();
        boolean drained;
        synchronized (lock) {
            try {
                while (inUse > 0 && System.nanoTime() < deadline) {
                    lock.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            drained = inUse == 0;
            toClose.addAll(idle);
            total -= idle.size();
            idle.clear();
        }
        toClose.forEach(i -> {
            i.closeQuietly();
            metrics.destroyed("closed");
        });
        if (drained) {
            provider.close();
        } else {
            LOG.warn("pool '{}' closed with {} request(s) still running; their instances close when they finish",
                    name, inUse());
        }
    }

    public boolean isClosed() {
        return closed;
    }

    private PooledInstance takeIdleOrCreate() throws AsrException {
        synchronized (lock) {
            inUse++;
            PooledInstance ready = idle.pollFirst();
            if (ready != null) {
                return ready;
            }
            total++;
        }
        try {
            PooledInstance created = new PooledInstance(provider.newRecognizer());
            metrics.created();
            return created;
        } catch (AsrException | RuntimeException e) {
            synchronized (lock) {
                inUse--;
                total--;
            }
            if (e instanceof AsrException asr) {
                throw asr;
            }
            throw new AsrException(ErrorCode.PROVIDER_FAILED, "cannot create a '" + name + "' recognizer: " + e, e);
        }
    }

    private void addWarmInstance() throws AsrException {
        PooledInstance instance = new PooledInstance(provider.newRecognizer());
        metrics.created();
        if (options.warmUp()) {
            try {
                warmUp.run(instance.recognizer());
            } catch (AsrException | RuntimeException e) {
                instance.closeQuietly();
                throw e;
            }
        }
        synchronized (lock) {
            total++;
            idle.addLast(instance);
        }
    }

    /** Periodic: drop unhealthy and long-idle instances, then top back up to {@code minSize}. */
    void maintain() {
        try {
            checkIdleInstances();
            replenish();
        } catch (RuntimeException e) {
            LOG.warn("pool '{}' maintenance failed", name, e);
        }
    }

    private void checkIdleInstances() {
        List<PooledInstance> checking = new ArrayList<>();
        synchronized (lock) {
            while (!idle.isEmpty() && permits.tryAcquire()) {
                checking.add(idle.pollLast()); // least recently used first
            }
        }
        for (PooledInstance instance : checking) {
            String reason = !healthy(instance) ? "unhealthy" : shouldShrink(instance) ? "idle" : null;
            if (reason != null) {
                instance.closeQuietly();
                metrics.destroyed(reason);
            }
            synchronized (lock) {
                if (reason == null) {
                    idle.addLast(instance);
                } else {
                    total--;
                }
            }
            permits.release();
        }
    }

    private boolean shouldShrink(PooledInstance instance) {
        if (instance.idleNanos() < options.idleTimeout().toNanos()) {
            return false;
        }
        synchronized (lock) {
            return total > options.minSize();
        }
    }

    private void replenish() {
        while (!closed) {
            synchronized (lock) {
                if (total >= options.minSize() || !permits.tryAcquire()) {
                    return;
                }
                total++;
            }
            try {
                PooledInstance instance = new PooledInstance(provider.newRecognizer());
                metrics.created();
                synchronized (lock) {
                    idle.addLast(instance);
                }
            } catch (AsrException | RuntimeException e) {
                synchronized (lock) {
                    total--;
                }
                LOG.warn("pool '{}' could not replace an instance; will retry at the next health check: {}", name,
                        e.toString());
                return;
            } finally {
                permits.release();
            }
        }
    }

    private void runInBackground(Runnable task, PooledInstance instance) {
        try {
            maintenance.execute(task);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            retire(instance); // pool is closing: no replacement needed
        }
    }

    private boolean healthy(PooledInstance instance) {
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
