package io.asrhub.kafka;

import java.util.List;

/** Placeholder replaced below. */
public final class WorkerSettings {
    private WorkerSettings() {
    }

    public static List<String> knownKeys() {
        return List.of();
    }
}
