package io.asrhub.config;

import java.time.Duration;

/**
 * Immutable pool settings. {@code minSize} instances are created and warmed at start and kept
 * through idle shrinking; {@code maxSize} caps concurrent work; {@code reservedSlots} of them may
 * only be taken by callers allowed to use reserved slots (the worker's small lane).
 */
public record PoolOptions(int minSize, int maxSize, Duration acquireTimeout, Duration idleTimeout,
                          Duration healthCheckInterval, boolean warmUp, int reservedSlots) {
    public PoolOptions {
        if (minSize < 0 || maxSize < 1 || minSize > maxSize) {
            throw new IllegalArgumentException("pool sizes must satisfy 0 <= min <= max and max >= 1, got min="
                    + minSize + " max=" + maxSize);
        }
        if (acquireTimeout.isNegative() || idleTimeout.isNegative() || healthCheckInterval.isNegative()) {
            throw new IllegalArgumentException("pool durations must not be negative");
        }
        if (reservedSlots < 0 || (reservedSlots >= maxSize && maxSize > 1)) {
            throw new IllegalArgumentException("reserved slots must be between 0 and pool max - 1, got "
                    + reservedSlots + " of " + maxSize);
        }
    }

    /** These options with {@code reserved} slots kept for the small lane (at most max - 1). */
    public PoolOptions withSmallLaneReservation(int reserved) {
        return toBuilder().reservedSlots(Math.max(0, Math.min(reserved, maxSize - 1))).build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder().minSize(minSize).maxSize(maxSize).acquireTimeout(acquireTimeout)
                .idleTimeout(idleTimeout).healthCheckInterval(healthCheckInterval).warmUp(warmUp).reservedSlots(reservedSlots);
    }

    public static final class Builder {
        private int minSize = 1;
        private int maxSize = ProviderKeys.defaultPoolMax();
        private Duration acquireTimeout = Duration.ofMillis(ProviderKeys.ACQUIRE_TIMEOUT_MS.defaultLong());
        private Duration idleTimeout = Duration.ofMillis(ProviderKeys.IDLE_TIMEOUT_MS.defaultLong());
        private Duration healthCheckInterval = Duration.ofMillis(ProviderKeys.HEALTH_CHECK_MS.defaultLong());
        private boolean warmUp = true;
        private int reservedSlots;

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

        public Builder reservedSlots(int v) {
            reservedSlots = v;
            return this;
        }

        public PoolOptions build() {
            return new PoolOptions(minSize, maxSize, acquireTimeout, idleTimeout, healthCheckInterval, warmUp,
                    reservedSlots);
        }
    }
}
