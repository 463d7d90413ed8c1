package io.asrhub.bench;

import java.nio.file.Path;
import java.util.List;

/** The strategies compared, in report order, with the design document's name for each (where it has one). */
enum StrategyKind {
    GLOBAL_LOCK("global-lock", "Global lock, FIFO (starting point)", "—", List.of("GlobalLockStrategy")),
    POOL("pool", "asr-hub pool + size lanes", "Provider 池化", List.of("PoolStrategy")),
    PRIORITY("priority", "Priority queue (SJF + aging)", "任務隊列", List.of("PriorityQueueStrategy")),
    PROCESSES("processes", "One process per model", "多進程並行",
            List.of("ProcessPerModelStrategy", "RecognizerProcessMain")),
    NO_LOCK("no-lock", "No lock (shared state)", "移除全局鎖", List.of("NoLockStrategy")),
    RAW("raw", "Raw whisper-jni ceiling", "—", List.of("RawCeilingStrategy", "RawWhisper"));

    private final String id;
    private final String title;
    private final String docName;
    private final List<String> sourceClasses;

    StrategyKind(String id, String title, String docName, List<String> sourceClasses) {
        this.id = id;
        this.title = title;
        this.docName = docName;
        this.sourceClasses = sourceClasses;
    }

    String id() {
        return id;
    }

    String title() {
        return title;
    }

    /** The row of the design document's score table this strategy measures. */
    String docName() {
        return docName;
    }

    /** Classes that implement it in this package: their size is the report's implementation-effort proxy. */
    List<String> sourceClasses() {
        return sourceClasses;
    }

    static StrategyKind byId(String id) {
        for (StrategyKind k : values()) {
            if (k.id.equals(id)) {
                return k;
            }
        }
        throw new IllegalArgumentException("unknown strategy " + id);
    }

    /**
     * Single-recognizer strategies get every core's thread (that is how a one-model server is run);
     * the concurrent ones get {@code slots} recognizers of {@code threads} threads; the ceiling one
     * single-threaded state per core.
     */
    Strategy create(Path model, int slots, int threads, int cores, int reservedForSmall) {
        return switch (this) {
            case GLOBAL_LOCK -> new GlobalLockStrategy(model, cores);
            case POOL -> new PoolStrategy(model, slots, threads, reservedForSmall);
            case PRIORITY -> new PriorityQueueStrategy(model, cores);
            case PROCESSES -> new ProcessPerModelStrategy(model, slots, threads);
            case NO_LOCK -> new NoLockStrategy(model, slots, threads);
            case RAW -> new RawCeilingStrategy(model, cores);
        };
    }
}
