package io.asrhub.testsupport;

import java.time.Duration;
import java.util.concurrent.Callable;

/**
 * The one way tests wait: a condition checked until it holds, failing the test once {@code timeout}
 * has passed. Never a fixed sleep. Checked every 10 ms at first, then less often (up to every 100 ms):
 * many conditions are costly (an admin query, an HTTP scrape, reading a growing log), and a test
 * waiting half a minute on one must not spend a core on asking while other tests run beside it.
 */
public final class Await {
    private static final long FIRST_POLL_MILLIS = 10;
    private static final long MAX_POLL_MILLIS = 100;

    private Await() {
    }

    public static void until(Callable<Boolean> condition, Duration timeout) throws Exception {
        until("condition", condition, timeout);
    }

    public static void until(String what, Callable<Boolean> condition, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        long pause = FIRST_POLL_MILLIS;
        while (!condition.call()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(what + " not reached within " + timeout.toMillis() + " ms");
            }
            Thread.sleep(pause);
            pause = Math.min(MAX_POLL_MILLIS, pause * 3 / 2);
        }
    }
}
