package io.asrhub.publish;

import java.time.Duration;

/** Bounded exponential backoff for resending results after retriable producer errors. */
public record RetryPolicy(int maxAttempts, Duration firstBackoff, Duration maxBackoff) {
    public static final RetryPolicy DEFAULT = new RetryPolicy(10, Duration.ofMillis(200), Duration.ofSeconds(10));

    public long backoffMillis(int failedAttempts) {
        long first = Math.max(1, firstBackoff.toMillis());
        int shift = Math.min(20, Math.max(0, failedAttempts - 1));
        return Math.min(maxBackoff.toMillis(), first << shift);
    }
}
