package io.asrhub.testsupport;

import java.time.Duration;
import java.util.concurrent.Callable;

/**
 * The one way tests wait: a condition checked every few milliseconds until it holds, failing the
 * test once {@code timeout} has passed. Never a fixed sleep.
 */
public final class Await {
    private static final long POLL_MILLIS = 10;

    private Await() {
    }

    public static void until(Callable<Boolean> condition, Duration timeout) throws Exception {
        until("condition", condition, timeout);
    }

    public static void until(String what, Callable<Boolean> condition, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.call()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(what + " not reached within " + timeout.toMillis() + " ms");
            }
            Thread.sleep(POLL_MILLIS);
        }
    }
}
