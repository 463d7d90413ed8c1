package io.asrhub.bench;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The strategies compared, in report order, with the design document's name for each (where it has one). */
enum StrategyKind {
    GLOBAL_LOCK("global-lock", "Global lock, FIFO (starting point)", "—", List.of("GlobalLockStrategy")),
    POOL("pool", "asr-hub pool + size lanes", "Provider 池化", List.of("PoolStrategy")),
    PRIORITY("priority", "Priority queue (SJF + aging)", "任務隊列", List.of("PriorityQueueStrategy")),
    PROCESSES("processes", "One process per model", "多進程並行",
            List.of("ProcessPerModelStrategy", "RecognizerProcessMain")),
    NO_LOCK("no-lock", "No lock (shared state)", "移除全局鎖", List.of("NoLockStrategy")),
    WORKER("worker", "asr-hub worker (Kafka, lanes, pieces)", "Provider 池化 (real path)", List.of("WorkerStrategy")),
    WORKER_WHOLE("worker-whole", "asr-hub worker, 30 s–5 min jobs whole (old routing)", "—",
            List.of("WorkerStrategy")),
    WORKER_FIFO("worker-fifo", "asr-hub worker, one FIFO lane", "—", List.of("WorkerStrategy")),
    RAW("raw", "Raw whisper-jni ceiling", "—", List.of("RawCeilingStrategy", "RawWhisper"));

    /**
     * The reference for the worker's routing: every job in one lane, first come first served, no slot
     * reserved for short clips, nothing split (the peers' single queue, on the same worker and broker).
     */
    /** The routing before issue 20: only the large lane's long jobs were split; medium jobs ran whole. */
    static final Map<String, String> MEDIUM_WHOLE = Map.of("chunking.distributed", "large");

    static final Map<String, String> ONE_FIFO_LANE = Map.of("lanes.medium-from-ms", "999999999",
            "lanes.large-from-ms", "999999999", "lanes.small-reserved-slots", "0", "chunking.distributed", "none");

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
        throw new IllegalArgumentException("unknown strategy " + id + " (known: "
                + java.util.Arrays.stream(values()).map(StrategyKind::id).toList() + ")");
    }

    /**
     * Every strategy gets the same layout, {@code slots} recognizers of {@code threads} threads (the
     * raw ceiling: that many states). The global lock and the priority queue run one recognition at a
     * time by definition, so they use one such slot. {@code workerSettings} apply to both worker
     * strategies; the FIFO lane's own settings win over them.
     */
    Strategy create(Path model, int slots, int threads, int reservedForSmall, Map<String, String> workerSettings,
                    Path workDir) {
        return switch (this) {
            case GLOBAL_LOCK -> new GlobalLockStrategy(model, threads);
            case POOL -> new PoolStrategy(model, slots, threads, reservedForSmall);
            case PRIORITY -> new PriorityQueueStrategy(model, threads);
            case PROCESSES -> new ProcessPerModelStrategy(model, slots, threads);
            case NO_LOCK -> new NoLockStrategy(model, slots, threads);
            case WORKER -> new WorkerStrategy(model, slots, threads, workerSettings, workDir);
            case WORKER_WHOLE -> worker(model, slots, threads, workerSettings, MEDIUM_WHOLE, workDir);
            case WORKER_FIFO -> worker(model, slots, threads, workerSettings, ONE_FIFO_LANE, workDir);
            case RAW -> new RawCeilingStrategy(model, slots, threads);
        };
    }

    private static Strategy worker(Path model, int slots, int threads, Map<String, String> settings,
                                   Map<String, String> own, Path workDir) {
        Map<String, String> all = new HashMap<>(settings);
        all.putAll(own);
        return new WorkerStrategy(model, slots, threads, all, workDir);
    }

    /** "raw,pool,worker" -> the kinds, in report order; "all" -> every kind. */
    static List<StrategyKind> parseList(String ids) {
        if (ids.strip().equals("all")) {
            return List.of(values());
        }
        java.util.Set<StrategyKind> chosen = java.util.EnumSet.noneOf(StrategyKind.class);
        for (String id : ids.split(",")) {
            if (!id.isBlank()) {
                chosen.add(byId(id.strip()));
            }
        }
        return List.copyOf(chosen);
    }
}
