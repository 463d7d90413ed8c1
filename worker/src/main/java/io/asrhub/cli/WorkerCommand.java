package io.asrhub.cli;

import io.asrhub.config.ProviderConfig;
import io.asrhub.config.Settings;
import io.asrhub.errors.AsrException;
import io.asrhub.kafka.AsrWorker;
import io.asrhub.kafka.TopicAdmin;
import io.asrhub.kafka.WorkerMetrics;
import io.asrhub.kafka.WorkerSettings;
import io.asrhub.metrics.MetricsServer;
import io.asrhub.recognition.RecognitionRuntime;
import io.asrhub.recognition.RecognitionService;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.time.Duration;
import java.util.concurrent.Callable;

/** Runs one worker until SIGTERM/SIGINT, then shuts down gracefully. */
@Command(name = "worker", mixinStandardHelpOptions = true,
        description = "Consume the size lanes, transcribe through the pool, publish transcripts and dead letters.")
final class WorkerCommand implements Callable<Integer> {
    @Mixin
    RecognitionOptions recognition = new RecognitionOptions();

    @Mixin
    KafkaOptions kafka = new KafkaOptions();

    @Option(names = "--create-topics", description = "create missing topics (partitions: --partitions)")
    boolean createTopics;

    @Option(names = "--partitions", defaultValue = "6", description = "partitions per lane when creating topics")
    int partitions;

    @Override
    public Integer call() throws Exception {
        Settings settings = recognition.settings();
        ProviderConfig config = recognition.providerConfig(settings);
        WorkerSettings ws = kafka.workerSettings(settings);
        if (createTopics) {
            KafkaOptions.requireReachable(ws, settings);
            TopicAdmin.ensureTopics(ws, partitions, (short) 1);
        }
        MetricsServer metrics = new MetricsServer().start(ws.metricsPort());
        new JvmMemoryMetrics().bindTo(metrics.registry());
        RecognitionService service;
        try {
            service = RecognitionRuntime.start(recognition.providerName(settings), config, settings, metrics.registry());
        } catch (AsrException | RuntimeException e) {
            metrics.close();
            throw e;
        }
        AsrWorker worker = new AsrWorker(ws, service, new WorkerMetrics(metrics.registry()));
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.err.println("asr-hub worker: stopping (grace " + ws.shutdownGrace().toSeconds() + " s)");
            worker.stop();
            service.pool().close(Duration.ofSeconds(5));
            metrics.close();
        }, "asr-hub-shutdown"));
        metrics.healthCheck(worker::isRunning);
        worker.start();
        System.err.printf("asr-hub worker %s: group %s on %s, lanes %s, pool %d x %s (%s)%s%n", ws.workerId(),
                ws.groupId(), ws.bootstrapServers(), ws.topics().lanes(), config.pool().maxSize(), config.engine(),
                service.pool().provider().modelName(), metrics.port() > 0 ? ", metrics on :" + metrics.port() : "");
        worker.awaitStopped(Duration.ofDays(36_500));
        return ExitCodes.OK;
    }
}
