package io.asrhub.pool;

/**
 * When the pool changes its size, from utilisation (slots in use / live instances, averaged over a
 * window): grow by one above the high-water mark, shrink by one below the low-water mark. Two
 * things keep it from flapping: the gap between the marks, and a hold time — after any change
 * (including growth on demand) no shrink follows within one window, and after a shrink no growth
 * follows within one window unless demand itself forces it (a slot holder always gets an instance).
 */
final class SizingRule {
    enum Change { GROW, SHRINK, NONE }

    private final double low;
    private final double high;
    private final long holdNanos;
    private long lastChangeNanos;
    private Change lastChange = Change.NONE;

    SizingRule(double low, double high, long holdNanos, long nowNanos) {
        this.low = low;
        this.high = high;
        this.holdNanos = holdNanos;
        this.lastChangeNanos = nowNanos;
    }

    /**
     * @param averageInUse time-weighted slots in use over the window
     * @param live         live instances now
     */
    synchronized Change decide(double averageInUse, int live, int min, int max, long nowNanos) {
        double utilisation = live == 0 ? (averageInUse > 0 ? 1 : 0) : averageInUse / live;
        boolean held = nowNanos - lastChangeNanos < holdNanos;
        if (utilisation >= high && live < max && !(held && lastChange == Change.SHRINK)) {
            return record(Change.GROW, nowNanos);
        }
        if (utilisation <= low && live > min && !held) {
            return record(Change.SHRINK, nowNanos);
        }
        return Change.NONE;
    }

    /** The pool grew on demand (a caller needed an instance): counts as a change for the hold time. */
    synchronized void grewOnDemand(long nowNanos) {
        record(Change.GROW, nowNanos);
    }

    private Change record(Change change, long nowNanos) {
        lastChange = change;
        lastChangeNanos = nowNanos;
        return change;
    }
}
