package io.asrhub.bench;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

/**
 * A producer that sends at a fixed rate: {@code step(i)} for i = 0..n-1, one every {@code every}, on a
 * scheduler thread (fixed rate, so a slow step does not shift the ones after it). Returns once the
 * last step ran, failing after {@code deadline} or with the first step's exception.
 */
final class Paced {
    private Paced() {
    }

    static void run(int n, Duration every, Duration firstAfter, IntConsumer step, Duration deadline) throws Exception {
        if (n <= 0) {
            return;
        }
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
        CompletableFuture<Void> done = new CompletableFuture<>();
        AtomicInteger next = new AtomicInteger();
        try {
            scheduler.scheduleAtFixedRate(() -> {
                int i = next.getAndIncrement();
                try {
                    step.accept(i);
                } catch (RuntimeException e) {
                    done.completeExceptionally(e);
                    throw e; // stops the schedule
                }
                if (i == n - 1) {
                    done.complete(null);
                    throw new IllegalStateException("schedule finished"); // stops the schedule
                }
            }, firstAfter.toNanos(), every.toNanos(), TimeUnit.NANOSECONDS);
            done.get(deadline.toMillis(), TimeUnit.MILLISECONDS);
        } finally {
            scheduler.shutdownNow();
        }
    }
}
