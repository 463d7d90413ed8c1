package io.asrhub.pool;

import java.time.Duration;

/**
 * Immutable pool settings. {@code minSize} instances are created and warmed at start and kept
 * through idle shrinking; {@code maxSize} caps concurrent work.
 */
public record PoolOptions(int minSize, int maxSize, Duration acquireTimeout, Duration idleTimeout,
                          Duration healthCheckInterval, boolean warmUp) {
    public PoolOptions {
        if (minSize < 0 || maxSize < 1 || minSize > maxSize) {
            throw new IllegalArgumentException("pool sizes must satisfy 0 <= min <= max and max >= 1, got min="
                    + minSize + " max=" + maxSize);
        }
        if (acquireTimeout.isNegative() || idleTimeout.isNegative() || healthCheckInterval.isNegative()) {
            throw new IllegalArgumentException("pool durations must not be negative");
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder().minSize(minSize).maxSize(maxSize).acquireTimeout(acquireTimeout)
                .idleTimeout(idleTimeout).healthCheckInterval(healthCheckInterval).warmUp(warmUp);
    }

    public static final class Builder {
        private int minSize = 1;
        private int maxSize = 2;
        private Duration acquireTimeout = Duration.ofSeconds(30);
        private Duration idleTimeout = Duration.ofMinutes(5);
        private Duration healthCheckInterval = Duration.ofSeconds(30);
        private boolean warmUp = true;

        public Builder minSize(int v) {
            minSize = v;
            return this;
        }

        public Builder maxSize(int v) {
            maxSize = v;
            return this;
        }

        public Builder acquireTimeout(Duration v) {
            acquireTimeout = v;
            return this;
        }

        public Builder idleTimeout(Duration v) {
            idleTimeout = v;
            return this;
        }

        public Builder healthCheckInterval(Duration v) {
            healthCheckInterval = v;
            return this;
        }

        public Builder warmUp(boolean v) {
            warmUp = v;
            return this;
        }

        public PoolOptions build() {
            return new PoolOptions(minSize, maxSize, acquireTimeout, idleTimeout, healthCheckInterval, warmUp);
        }
    }
}
