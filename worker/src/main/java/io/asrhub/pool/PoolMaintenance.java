package io.asrhub.pool;

/**
 * The periodic health check: idle instances are taken out one at a time (never all at once, so
 * callers holding a slot find an instance at once), checked, and put back or retired. An instance
 * idle longer than the idle timeout is retired while the pool is above its minimum.
 */
final class PoolMaintenance {
    private PoolMaintenance() {
    }

    static void checkIdle(RecognizerPool pool) {
        int count = pool.idleCount();
        for (int i = 0; i < count; i++) {
            PooledInstance instance = pool.takeForCheck();
            if (instance == null) {
                return;
            }
            String reason = !pool.healthy(instance) ? "unhealthy"
                    : instance.idleNanos() >= pool.options().idleTimeout().toNanos() && pool.aboveMin() ? "idle"
                    : null;
            pool.checked(instance, reason);
        }
    }
}
