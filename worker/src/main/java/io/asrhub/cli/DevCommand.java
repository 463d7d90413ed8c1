package io.asrhub.cli;

import io.asrhub.config.ProviderConfig;
import io.asrhub.config.Settings;
import io.asrhub.errors.AsrException;
import io.asrhub.errors.ErrorCode;
import io.asrhub.pieces.EmbeddedStitcher;
import io.asrhub.pieces.PieceSettings;
import io.asrhub.assembly.Workers;
import io.asrhub.worker.AsrWorker;
import io.asrhub.broker.LocalKafkaBroker;
import io.asrhub.client.TopicAdmin;
import io.asrhub.worker.WorkerMetrics;
import io.asrhub.kafka.WorkerSettings;
import io.asrhub.metrics.MetricsServer;
import io.asrhub.model.ModelCatalog;
import io.asrhub.model.ModelLocator;
import io.asrhub.recognition.RecognitionRuntime;
import io.asrhub.recognition.RecognitionPools;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The whole pipeline on one machine with nothing installed: a real Kafka broker (KRaft, child
 * process), the topics, a worker, and the given files (or bundled samples) sent through it.
 */
@Command(name = "dev", mixinStandardHelpOptions = true,
        description = "Start a local Kafka broker and a worker, transcribe FILEs (default: bundled samples) end to end.")
final class DevCommand implements Callable<Integer> {
    private static final List<String> SAMPLES = List.of("hello.wav", "pool.flac");

    @Parameters(paramLabel = "FILE", arity = "0..*")
    List<Path> files = new ArrayList<>();

    @Mixin
    RecognitionOptions recognition = new RecognitionOptions();

    @Option(names = "--keep-running", description = "keep broker and worker up after the files are done (Ctrl-C stops)")
    boolean keepRunning;

    @Option(names = "--format", defaultValue = "text", description = "text or json")
    OutputFormat format;

    @Option(names = "--data-dir", description = "where the broker keeps its data (default: a temporary directory)")
    Path dataDir;

    @Override
    public Integer call() throws Exception {
        Settings settings = recognition.settings();
        ProviderConfig config = providerConfigPullingDefaultModel(settings);
        List<Path> inputs = files.isEmpty() ? bundledSamples() : files;
        Path work = dataDir != null ? dataDir : Files.createTempDirectory("asr-hub-dev");
        System.err.println("Starting a local Kafka broker (KRaft, no Docker)...");
        try (LocalKafkaBroker broker = LocalKafkaBroker.start(work)) {
            // SIGTERM/Ctrl-C: stop the worker, then the broker child, before the JVM exits; otherwise
            // the broker process outlives us (the main thread's try-with-resources never gets to run).
            AtomicReference<AsrWorker> runningWorker = new AtomicReference<>();
            Thread stopOnSignal = new Thread(() -> {
                AsrWorker w = runningWorker.get();
                if (w != null) {
                    w.stop();
                }
                broker.close();
            }, "asr-hub-dev-shutdown");
            Runtime.getRuntime().addShutdownHook(stopOnSignal);
            try {
                return runPipeline(settings, config, inputs, broker, runningWorker);
            } finally {
                removeHook(stopOnSignal);
            }
        }
    }

    private int runPipeline(Settings settings, ProviderConfig config, List<Path> inputs, LocalKafkaBroker broker,
                            AtomicReference<AsrWorker> runningWorker) throws Exception {
        Settings local = settings.with(io.asrhub.config.ConfigKeys.BOOTSTRAP, broker.bootstrapServers())
                .with(io.asrhub.config.ConfigKeys.REFERENCE_ROOTS, parentsOf(inputs));
        WorkerSettings ws = WorkerSettings.read(local);
        PieceSettings pieces = PieceSettings.read(settings);
        // One local broker: replication 1 (min(3, brokers)); its warning is for real clusters, not `dev`.
        TopicAdmin.ensureTopics(ws, pieces.topics(), io.asrhub.topics.TopicLayout.read(settings).withPartitions(3));
        System.err.println("Kafka broker on " + broker.bootstrapServers() + ", topics " + ws.topics().lanes()
                + " -> " + ws.topics().results());
        try (MetricsServer metrics = new MetricsServer().start(ws.metricsPort());
             RecognitionPools pools = RecognitionRuntime.startAll(settings, metrics.registry());
             EmbeddedStitcher stitcher = pieces.embeddedStitcher()
                     ? EmbeddedStitcher.start(ws, pieces, metrics.registry()) : null) {
            JvmMeters.bindTo(metrics.registry());
            AsrWorker worker = Workers.create(local, ws, pieces, pools, new WorkerMetrics(metrics.registry()));
            metrics.healthCheck(() -> worker.health().isLive()).readinessCheck(() -> worker.health().isReady());
            runningWorker.set(worker);
            worker.start();
            System.err.printf("Worker up (%s): pool of %d x %s (%s)%s%n", worker.describeSource(),
                    config.pool().maxSize(), config.engine(), pools.defaultService().pool().provider().modelName(),
                    metrics.port() > 0 ? ", metrics on :" + metrics.port() : "");
            int code = SubmitCommand.submitAndWait(ws, io.asrhub.pieces.PieceTopics.read(settings).progress(),
                    pools.defaultService().decoder(), inputs,
                    recognition.language, null, format, true, Duration.ofMinutes(30));
            if (keepRunning) {
                System.err.println("Still running. Submit more with: asr-hub submit FILE --bootstrap "
                        + broker.bootstrapServers() + " --wait   (Ctrl-C to stop)");
                worker.awaitStopped(Duration.ofDays(36_500));
            } else {
                worker.stop();
            }
            return code;
        }
    }

    private static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running (or ran): it stops the broker itself
        }
    }

    /** The quick start must work on a fresh machine: fetch the default model when none is installed. */
    private ProviderConfig providerConfigPullingDefaultModel(Settings settings) throws AsrException {
        try {
            return recognition.providerConfig(settings);
        } catch (AsrException e) {
            if (e.code() != ErrorCode.MODEL_MISSING || recognition.model != null) {
                throw e;
            }
            System.err.println("No whisper model installed; fetching the default model " + ModelCatalog.DEFAULT_MODEL
                    + " (once).");
            ModelsCommand.pull(ModelCatalog.DEFAULT_MODEL, new ModelLocator());
            return recognition.providerConfig(settings);
        }
    }

    private static List<Path> bundledSamples() throws IOException {
        Path dir = Files.createTempDirectory("asr-hub-samples");
        List<Path> out = new ArrayList<>();
        for (String name : SAMPLES) {
            try (InputStream in = DevCommand.class.getResourceAsStream("/samples/" + name)) {
                if (in == null) {
                    throw new IOException("bundled sample " + name + " is missing from the jar");
                }
                Path target = dir.resolve(name);
                Files.copy(in, target);
                out.add(target);
            }
        }
        System.err.println("No files given: transcribing the bundled samples " + SAMPLES);
        return out;
    }

    /** The input files' directories, as {@code worker.reference-roots} (comma-separated). */
    private static String parentsOf(List<Path> files) {
        Set<String> dirs = new LinkedHashSet<>();
        files.forEach(f -> dirs.add(f.toAbsolutePath().getParent().toString()));
        return String.join(",", dirs);
    }
}
