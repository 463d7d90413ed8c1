package io.asrhub.config;

import java.time.Duration;

/**
 * Immutable pool settings. {@code minSize} instances are created and warmed at start and kept
 * through idle shrinking; {@code maxSize} caps concurrent work; {@code reservedSlots} of them may
 * only be taken by callers allowed to use reserved slots (the worker's small lane).
 * {@code activeHealthCheck}: idle instances run a short synthetic recognition each check interval,
 * retired past {@code healthCheckTimeout}. Sizing: while utilisation (slots in use / live instances,
 * averaged over {@code sizingWindow}) is above {@code highWater} a warmed instance is added (up to
 * max); below {@code lowWater} an idle one is retired (never below min).
 */
public record PoolOptions(int minSize, int maxSize, Duration acquireTimeout, Duration idleTimeout,
                          Duration healthCheckInterval, boolean warmUp, int reservedSlots,
                          boolean activeHealthCheck, Duration healthCheckTimeout, double highWater, double lowWater,
                          Duration sizingWindow) {
    public PoolOptions {
        if (minSize < 0 || maxSize < 1 || minSize > maxSize) {
            throw new IllegalArgumentException("pool sizes must satisfy 0 <= min <= max and max >= 1, got min="
                    + minSize + " max=" + maxSize);
        }
        if (acquireTimeout.isNegative() || idleTimeout.isNegative() || healthCheckInterval.isNegative()
                || healthCheckTimeout.isNegative() || sizingWindow.isNegative()) {
            throw new IllegalArgumentException("pool durations must not be negative");
        }
        if (reservedSlots < 0 || (reservedSlots >= maxSize && maxSize > 1)) {
            throw new IllegalArgumentException("reserved slots must be between 0 and pool max - 1, got "
                    + reservedSlots + " of " + maxSize);
        }
        if (!(lowWater >= 0 && lowWater < highWater && highWater <= 1)) {
            throw new IllegalArgumentException("utilisation marks must satisfy 0 <= low < high <= 1, got low="
                    + lowWater + " high=" + highWater);
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
                .idleTimeout(idleTimeout).healthCheckInterval(healthCheckInterval).warmUp(warmUp).reservedSlots(reservedSlots)
                .activeHealthCheck(activeHealthCheck).healthCheckTimeout(healthCheckTimeout)
                .utilisationMarks(lowWater, highWater).sizingWindow(sizingWindow);
    }

    public static final class Builder {
        private int minSize = 1;
        private int maxSize = ProviderKeys.defaultPoolMax();
        private Duration acquireTimeout = ProviderKeys.ACQUIRE_TIMEOUT_MS.defaultValue();
        private Duration idleTimeout = ProviderKeys.IDLE_TIMEOUT_MS.defaultValue();
        private Duration healthCheckInterval = ProviderKeys.HEALTH_CHECK_MS.defaultValue();
        private boolean warmUp = true;
        private int reservedSlots;
        private boolean activeHealthCheck = true;
        private Duration healthCheckTimeout = ProviderKeys.HEALTH_CHECK_TIMEOUT_MS.defaultValue();
        private double lowWater = ProviderKeys.LOW_WATER.defaultValue();
        private double highWater = ProviderKeys.HIGH_WATER.defaultValue();
        private Duration sizingWindow = ProviderKeys.SIZING_WINDOW_MS.defaultValue();

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

        public Builder activeHealthCheck(boolean v) {
            activeHealthCheck = v;
            return this;
        }

        public Builder healthCheckTimeout(Duration v) {
            healthCheckTimeout = v;
            return this;
        }

        public Builder utilisationMarks(double low, double high) {
            lowWater = low;
            highWater = high;
            return this;
        }

        public Builder sizingWindow(Duration v) {
            sizingWindow = v;
            return this;
        }

        public PoolOptions build() {
            return new PoolOptions(minSize, maxSize, acquireTimeout, idleTimeout, healthCheckInterval, warmUp,
                    reservedSlots, activeHealthCheck, healthCheckTimeout, highWater, lowWater, sizingWindow);
        }
    }
}
