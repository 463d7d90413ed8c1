package io.asrhub.cli;

import io.asrhub.client.TopicAdmin;
import io.asrhub.config.Settings;
import io.asrhub.errors.AsrException;
import io.asrhub.kafka.WorkerSettings;
import io.asrhub.metrics.MetricsServer;
import io.asrhub.recognition.RecognitionPools;
import io.asrhub.recognition.RecognitionRuntime;
import io.asrhub.assembly.Workers;
import io.asrhub.pieces.EmbeddedStitcher;
import io.asrhub.pieces.PieceSettings;
import io.asrhub.worker.AsrWorker;
import io.asrhub.worker.WorkerMetrics;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs one worker until SIGTERM/SIGINT, then shuts down gracefully. Exits 0 only after a requested
 * stop; a worker that stops on its own (lost broker, fatal producer error) exits non-zero so the
 * orchestrator restarts it.
 */
@Command(name = "worker", mixinStandardHelpOptions = true,
        description = "Consume the size lanes, transcribe through the provider pools, publish transcripts and dead letters.")
final class WorkerCommand implements Callable<Integer> {
    @Mixin
    RecognitionOptions recognition = new RecognitionOptions();

    @Mixin
    KafkaOptions kafka = new KafkaOptions();

    @Option(names = "--create-topics", description = "create missing topics as `topics apply` would (topics.* keys or "
            + "the options below); existing topics that differ are reported, never changed")
    boolean createTopics;

    @Mixin
    TopicOptions topics = new TopicOptions();

    @Override
    public Integer call() throws Exception {
        Settings settings = recognition.settings();
        recognition.providerConfig(settings); // fail fast (e.g. no model) before touching Kafka
        WorkerSettings ws = kafka.workerSettings(settings);
        PieceSettings pieces = PieceSettings.read(settings);
        if (createTopics) {
            KafkaOptions.requireReachable(ws, settings);
            createTopics(ws, pieces, settings);
        }
        pieces = withoutMissingPieceTopics(ws, pieces);
        MetricsServer metrics = new MetricsServer().start(ws.metricsPort());
        JvmMeters.bindTo(metrics.registry());
        RecognitionPools pools;
        try {
            pools = RecognitionRuntime.startAll(settings, metrics.registry());
        } catch (AsrException | RuntimeException e) {
            metrics.close();
            throw e;
        }
        AsrWorker worker;
        try {
            worker = Workers.create(settings, ws, pieces, pools, new WorkerMetrics(metrics.registry()));
        } catch (AsrException | RuntimeException e) {
            pools.close(Duration.ZERO);
            metrics.close();
            throw e;
        }
        EmbeddedStitcher stitcher = pieces.embeddedStitcher()
                ? EmbeddedStitcher.start(ws, pieces, metrics.registry()) : null;
        AtomicBoolean stopRequested = new AtomicBoolean();
        Thread hook = new Thread(() -> {
            if (!worker.isRunning()) {
                return; // it stopped on its own; call() reported why and chose the exit code
            }
            stopRequested.set(true);
            StderrLine.print("asr-hub worker: stopping (grace " + ws.shutdownGrace().toSeconds() + " s)");
            worker.stop();
            if (stitcher != null) {
                stitcher.close(Duration.ofSeconds(5));
            }
            pools.close(Duration.ofSeconds(1)); // jobs past the grace were abandoned; free what is idle
            metrics.close();
        }, "asr-hub-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        metrics.healthCheck(() -> worker.health().isLive()).readinessCheck(() -> worker.health().isReady());
        worker.start();
        StderrLine.print(String.format("asr-hub worker %s: %s on %s, lanes %s, pools %s%s%s", ws.workerId(),
                worker.describeSource(), ws.bootstrapServers(), ws.topics().lanes(), describe(pools),
                pieces.enabled() ? ", long jobs of " + pieces.lanes() + " split into pieces on "
                        + pieces.topics().pieces() + (stitcher != null ? " (stitcher embedded)" : "") : "",
                metrics.port() > 0 ? ", metrics on :" + metrics.port() : ""));
        worker.awaitStopped(Duration.ofDays(36_500));
        if (stopRequested.get()) {
            return ExitCodes.OK;
        }
        Throwable failure = worker.health().failure();
        StderrLine.print("error: worker stopped unexpectedly: " + (failure == null ? "unknown reason" : failure));
        if (stitcher != null) {
            stitcher.close(Duration.ofSeconds(5));
        }
        pools.close(Duration.ofSeconds(1));
        metrics.close();
        return ExitCodes.WORKER_FAILED;
    }

    /** Creates what is missing and waits until the broker lists it, so the pieces check below sees it. */
    private void createTopics(WorkerSettings ws, PieceSettings pieces, Settings settings) throws Exception {
        io.asrhub.topics.TopicPlan plan = TopicAdmin.plan(ws, pieces.topics(), topics.layout(settings));
        if (!plan.feasible()) {
            throw new AsrException(io.asrhub.errors.ErrorCode.CONFIG_INVALID, "cannot create topics: "
                    + String.join("; ", plan.problems()));
        }
        TopicAdmin.apply(ws, plan);
        plan.with(io.asrhub.topics.TopicPlan.Action.CREATE).forEach(e -> StderrLine.print("created topic "
                + e.spec().name()));
        plan.with(io.asrhub.topics.TopicPlan.Action.DIFFERS).forEach(e -> StderrLine.print("warning: topic "
                + e.spec().name() + " differs from the configured layout (left unchanged): "
                + String.join("; ", e.differences())));
        plan.warnings().forEach(w -> StderrLine.print("warning: " + w));
    }

    /**
     * A deployment upgraded from a release without pieces has no pieces topics: the worker then runs
     * long jobs whole, as that release did, and says how to turn splitting on, instead of failing.
     * Asked for at most 3 s: an unreachable broker is the worker's own probe's business, not this check's.
     */
    private static PieceSettings withoutMissingPieceTopics(WorkerSettings ws, PieceSettings pieces)
            throws InterruptedException {
        if (!pieces.enabled()) {
            return pieces;
        }
        java.util.List<String> missing = TopicAdmin.missing(ws, pieces.topics().all(), Duration.ofSeconds(3));
        if (missing == null || missing.isEmpty()) {
            return pieces;
        }
        StderrLine.print("warning: topics " + missing + " do not exist: long jobs run whole on one slot. Create"
                + " them (asr-hub worker --create-topics, or your own tooling) to split long jobs across workers,"
                + " or set chunking.distributed: none to silence this.");
        return PieceSettings.OFF;
    }

    private static String describe(RecognitionPools pools) {
        StringBuilder b = new StringBuilder();
        for (String name : pools.names()) {
            var pool = pools.get(name).pool();
            b.append(b.length() == 0 ? "" : ", ").append(name).append(" ").append(pool.options().maxSize())
                    .append(" x ").append(pool.provider().modelName());
        }
        return b.toString();
    }
}
