package io.asrhub.pool;

import io.asrhub.config.PoolOptions;
import io.asrhub.errors.AsrException;
import io.asrhub.errors.ErrorCode;
import io.asrhub.provider.Provider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The life of the pool's instances: create, warm, hand out, take back, retire, replenish, grow and
 * shrink. Every instance is warmed before it serves (when warm-up is on), however it was created;
 * a warm-up failure retires that instance and is retried with a fresh one, so it never becomes a
 * job's error while the engine can still make a working instance. Counting lives in
 * {@link Instances}; engines are created and closed outside its monitor.
 */
final class InstanceKeeper {
    private static final Logger LOG = LoggerFactory.getLogger(InstanceKeeper.class);
    /** Creations tried for one instance before its creation counts as failed. */
    private static final int ATTEMPTS = 2;

    private final String name;
    private final Provider provider;
    private final PoolOptions options;
    private final PoolMetrics metrics;
    private final WarmUp warmUp;
    private final Instances instances;
    private final AtomicBoolean providerClosed = new AtomicBoolean();
    private final Runnable grewOnDemand;
    private volatile boolean closed;

    InstanceKeeper(String name, Provider provider, PoolOptions options, PoolMetrics metrics, Runnable grewOnDemand) {
        this.grewOnDemand = grewOnDemand;
        this.name = name;
        this.provider = provider;
        this.options = options;
        this.metrics = metrics;
        this.warmUp = new WarmUp(provider.sampleRate());
        this.instances = new Instances(options.maxSize());
    }

    Instances instances() {
        return instances;
    }

    WarmUp warmUp() {
        return warmUp;
    }

    void closing() {
        closed = true;
    }

    /** Start-up: {@code minSize} warmed instances; the first failure is thrown (the pool does not start). */
    void startMin() throws AsrException {
        for (int i = 0; i < options.minSize(); i++) {
            instances.addNew(createWarmed());
        }
    }

    /** An instance for a caller holding a slot: an idle one, or a new warmed one. */
    PooledInstance lease() throws AsrException {
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
            PooledInstance grown = createWarmed();
            grewOnDemand.run();
            return grown;
        } catch (AsrException | RuntimeException e) {
            instances.creationFailed();
            throw e;
        }
    }

    /** A leased instance came back; returns true when it was retired (the caller closes it off-thread). */
    boolean takeBack(PooledInstance instance, boolean broken) {
        String reason = broken ? "broken" : closed ? "closed" : healthy(instance) ? null : "unhealthy";
        instance.markReturned();
        instances.returned(instance, reason == null);
        if (reason != null) {
            metrics.destroyed(reason);
        }
        return reason != null;
    }

    /** Puts a checked instance back, or retires and closes it for {@code reason}. */
    void checked(PooledInstance instance, String reason) {
        instances.checked(instance, reason == null && !closed);
        if (reason != null || closed) {
            metrics.destroyed(reason == null ? "closed" : reason);
            closeRetired(instance);
        }
    }

    /** Closes a retired instance, then frees the engine if the pool is closed and nothing is left. */
    void closeRetired(PooledInstance instance) {
        instance.closeQuietly();
        instances.closed();
        closeProviderIfIdle();
    }

    void closeProviderIfIdle() {
        if (closed && instances.none() && providerClosed.compareAndSet(false, true)) {
            provider.close();
        }
    }

    /** Tops the pool up to {@code target} live instances with warmed ones; false if a creation failed. */
    boolean fillTo(int target) {
        while (!closed && instances.countNewBelow(target)) {
            try {
                instances.addCounted(createWarmed());
            } catch (AsrException | RuntimeException e) {
                instances.uncount();
                LOG.warn("pool '{}' could not add an instance; will retry at the next maintenance round: {}", name,
                        e.toString());
                return false;
            }
        }
        return true;
    }

    /** Retires the least recently used idle instance if the pool is above min; true if one was retired. */
    boolean shrinkOne(String reason) {
        if (instances.live() <= options.minSize()) {
            return false;
        }
        PooledInstance victim = instances.takeForCheck();
        if (victim == null) {
            return false;
        }
        checked(victim, instances.live() > options.minSize() ? reason : null);
        return true;
    }

    boolean aboveMin() {
        return instances.live() > options.minSize();
    }

    boolean healthy(PooledInstance instance) {
        try {
            return instance.recognizer().isHealthy();
        } catch (RuntimeException e) {
            return false;
        }
    }

    private PooledInstance createWarmed() throws AsrException {
        AsrException last = null;
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            PooledInstance instance = create();
            if (!options.warmUp()) {
                return instance;
            }
            try {
                warmUp.run(instance.recognizer());
                metrics.warmUp(true);
                return instance;
            } catch (AsrException | RuntimeException e) {
                metrics.warmUp(false);
                metrics.destroyed("warm-up");
                instance.closeQuietly();
                LOG.warn("pool '{}': a new instance failed its warm-up and was retired: {}", name, e.toString());
                last = e instanceof AsrException a ? a
                        : new AsrException(ErrorCode.PROVIDER_FAILED, "warm-up of a '" + name + "' recognizer failed: " + e, e);
            }
        }
        throw new AsrException(ErrorCode.PROVIDER_FAILED, "no working '" + name + "' recognizer could be made ("
                + ATTEMPTS + " instances failed their warm-up): " + last.getMessage(), last);
    }

    private PooledInstance create() throws AsrException {
        PooledInstance instance;
        try {
            instance = new PooledInstance(provider.newRecognizer());
        } catch (AsrException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new AsrException(ErrorCode.PROVIDER_FAILED, "cannot create a '" + name + "' recognizer: " + e, e);
        }
        metrics.created();
        return instance;
    }
}
