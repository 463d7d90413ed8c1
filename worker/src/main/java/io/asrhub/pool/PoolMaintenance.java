package io.asrhub.pool;

import io.asrhub.config.PoolOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The pool's background work, on its own scheduler thread: each health-check interval, idle
 * instances are taken out one at a time (never all at once, so a slot holder finds one at once),
 * checked and put back or retired (unhealthy, failed or hung check; idle past the idle timeout
 * while above min), then the pool is topped up to min; more often, the sizing rule grows or
 * shrinks it by one. Retired instances are closed here too, off the callers' threads.
 */
final class PoolMaintenance implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PoolMaintenance.class);

    private final String name;
    private final PoolOptions options;
    private final InstanceKeeper keeper;
    private final HealthCheck healthCheck;
    private final PoolMetrics metrics;
    private final UtilisationWindow utilisation;
    private final Slots slots;
    private final SizingRule sizing;
    private final java.util.List<Consumer<String>> checkFailureListeners = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService scheduler;

    PoolMaintenance(String name, PoolOptions options, InstanceKeeper keeper, PoolMetrics metrics,
                    UtilisationWindow utilisation, Slots slots, SizingRule sizing) {
        this.slots = slots;
        this.name = name;
        this.options = options;
        this.keeper = keeper;
        this.metrics = metrics;
        this.utilisation = utilisation;
        this.sizing = sizing;
        this.healthCheck = new HealthCheck(keeper.warmUp(), options.activeHealthCheck(), options.healthCheckTimeout(),
                options.healthCheckInterval());
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "asr-pool-maintenance-" + name);
            t.setDaemon(true);
            return t;
        });
    }

    void start() {
        long every = Math.max(1, options.healthCheckInterval().toMillis());
        scheduler.scheduleWithFixedDelay(guarded(this::checkRound), every, every, TimeUnit.MILLISECONDS);
        if (options.minSize() < options.maxSize()) {
            long tick = Math.max(10, options.sizingWindow().toMillis() / 12);
            scheduler.scheduleWithFixedDelay(guarded(this::sizingRound), tick, tick, TimeUnit.MILLISECONDS);
        }
    }

    /** Called with the reason ("failed", "timeout", "unhealthy") whenever a health check retires an instance. */
    void onCheckFailure(Consumer<String> listener) {
        checkFailureListeners.add(listener);
    }

    /** Closes a retired instance and tops up to min, in the background. */
    void retireInBackground(PooledInstance instance) {
        try {
            scheduler.execute(() -> {
                keeper.closeRetired(instance);
                keeper.fillTo(options.minSize());
            });
        } catch (RejectedExecutionException e) {
            keeper.closeRetired(instance); // pool is closing: no replacement needed
        }
    }

    void checkRound() {
        Instances instances = keeper.instances();
        int count = instances.idle();
        for (int i = 0; i < count; i++) {
            PooledInstance instance = instances.takeForCheck();
            if (instance == null) {
                break;
            }
            // A synthetic check holds a slot while it runs, so it never leaves a slot holder without an
            // instance; with no slot free the round ends (the pool is busy, its instances are proving themselves).
            boolean synthetic = healthCheck.recognises(instance);
            Slots.Slot slot = synthetic ? slots.tryTake(SlotClaim.PROBE) : null;
            if (synthetic && slot == null) {
                keeper.checked(instance, null);
                break;
            }
            try {
                settle(instance, healthCheck.check(instance, synthetic));
            } finally {
                if (slot != null) {
                    slots.give(slot); // after the instance is back (or retired)
                }
            }
        }
        keeper.fillTo(options.minSize());
    }

    /** Puts a checked instance back, or retires it and tells the subscribers. */
    private void settle(PooledInstance instance, HealthCheck.Result result) {
        HealthCheck.Outcome outcome = result.outcome();
        metrics.healthCheck(outcome.name().toLowerCase(java.util.Locale.ROOT));
        if (outcome == HealthCheck.Outcome.TIMEOUT) {
            metrics.destroyed("unhealthy");
            keeper.instances().checked(instance, false);
            // Closed only when the hung call returns: a native engine must not be freed mid-decode.
            result.hungCall().whenComplete((ok, error) -> keeper.closeRetired(instance));
            failed(outcome);
        } else if (outcome != HealthCheck.Outcome.OK) {
            keeper.checked(instance, "unhealthy");
            failed(outcome);
        } else {
            boolean idleTooLong = instance.idleNanos() >= options.idleTimeout().toNanos() && keeper.aboveMin();
            keeper.checked(instance, idleTooLong ? "idle" : null);
        }
    }

    private void failed(HealthCheck.Outcome outcome) {
        String reason = outcome.name().toLowerCase(java.util.Locale.ROOT);
        LOG.warn("pool '{}': an idle instance failed its health check ({}) and was retired", name, reason);
        for (Consumer<String> listener : checkFailureListeners) {
            listener.accept(reason);
        }
    }

    void sizingRound() {
        Instances instances = keeper.instances();
        SizingRule.Change change = sizing.decide(utilisation.average(), instances.live(), options.minSize(),
                options.maxSize(), System.nanoTime());
        if (change == SizingRule.Change.GROW && keeper.fillTo(instances.live() + 1)) {
            metrics.resized("grow");
        } else if (change == SizingRule.Change.SHRINK && keeper.shrinkOne("low-utilisation")) {
            metrics.resized("shrink");
        }
    }

    private Runnable guarded(Runnable round) {
        return () -> {
            try {
                round.run();
            } catch (RuntimeException e) {
                LOG.warn("pool '{}' maintenance failed", name, e);
            }
        };
    }

    /** Stops the scheduler and waits up to {@code grace} for a running round. */
    void stop(Duration grace) {
        scheduler.shutdown();
        try {
            if (!scheduler.awaitTermination(Math.max(1, grace.toMillis()), TimeUnit.MILLISECONDS)) {
                LOG.warn("pool '{}': maintenance still running after {} ms", name, grace.toMillis());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        healthCheck.close();
    }

    @Override
    public void close() {
        stop(Duration.ofSeconds(30));
    }
}
