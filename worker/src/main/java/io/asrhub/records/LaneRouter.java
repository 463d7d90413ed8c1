package io.asrhub.records;

import io.asrhub.config.ConfigKeys;

/**
 * Picks a lane from the audio's duration when known, else from its size. Thresholds are
 * configurable; the defaults put clips under 30 s in SMALL and over 5 min in LARGE.
 */
public record LaneRouter(long mediumFromMs, long largeFromMs, long mediumFromBytes, long largeFromBytes) {
    public static final LaneRouter DEFAULT = new LaneRouter(ConfigKeys.MEDIUM_FROM_MS.defaultValue(),
            ConfigKeys.LARGE_FROM_MS.defaultValue(), ConfigKeys.MEDIUM_FROM_BYTES.defaultValue(),
            ConfigKeys.LARGE_FROM_BYTES.defaultValue());

    public Lane route(Long durationMs, long byteSize) {
        if (durationMs != null && durationMs >= 0) {
            return durationMs >= largeFromMs ? Lane.LARGE : durationMs >= mediumFromMs ? Lane.MEDIUM : Lane.SMALL;
        }
        return byteSize >= largeFromBytes ? Lane.LARGE : byteSize >= mediumFromBytes ? Lane.MEDIUM : Lane.SMALL;
    }
}
