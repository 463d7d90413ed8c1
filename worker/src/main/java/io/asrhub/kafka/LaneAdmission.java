package io.asrhub.kafka;

import java.util.EnumMap;
import java.util.Map;

/**
 * Decides whether a lane may start another job. The total is capped by the pool size; medium and
 * large jobs together may use at most {@code total - reservedForSmall} slots, so a short clip
 * always finds a slot within one short job's time, however many long files are queued.
 */
public final class LaneAdmission {
    private final int total;
    private final int reservedForSmall;
    private final Map<Lane, Integer> inFlight = new EnumMap<>(Lane.class);

    public LaneAdmission(int total, int reservedForSmall) {
        if (total < 1) {
            throw new IllegalArgumentException("need at least one slot");
        }
        if (reservedForSmall < 0 || (reservedForSmall >= total && total > 1)) {
            throw new IllegalArgumentException("lanes.small-reserved-slots must be between 0 and pool size - 1 (pool "
                    + total + ", reserved " + reservedForSmall + ")");
        }
        this.total = total;
        // With a single slot there is nothing to reserve without starving the other lanes.
        this.reservedForSmall = total == 1 ? 0 : reservedForSmall;
        for (Lane lane : Lane.values()) {
            inFlight.put(lane, 0);
        }
    }

    public synchronized boolean tryStart(Lane lane) {
        int all = inFlight.values().stream().mapToInt(Integer::intValue).sum();
        if (all >= total) {
            return false;
        }
        if (lane != Lane.SMALL && all - inFlight.get(Lane.SMALL) >= total - reservedForSmall) {
            return false;
        }
        inFlight.merge(lane, 1, Integer::sum);
        return true;
    }

    public synchronized void finished(Lane lane) {
        inFlight.merge(lane, -1, Integer::sum);
    }

    public synchronized int inFlight(Lane lane) {
        return inFlight.get(lane);
    }

    public synchronized int inFlight() {
        return inFlight.values().stream().mapToInt(Integer::intValue).sum();
    }
}
