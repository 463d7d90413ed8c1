package io.asrhub.cli;

import io.asrhub.router.IntakeRouter;
import io.asrhub.kafka.WorkerSettings;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/** Runs the intake router (Kafka Streams) until SIGTERM. */
@Command(name = "router", mixinStandardHelpOptions = true,
        description = "Route jobs from the intake topic to the size lanes (for producers that do not choose a lane).")
final class RouterCommand implements Callable<Integer> {
    @Mixin
    KafkaOptions kafka = new KafkaOptions();

    @Option(names = "--config", paramLabel = "FILE")
    Path config;

    @Option(names = "--intake", defaultValue = "asr.jobs", description = "intake topic (default: ${DEFAULT-VALUE})")
    String intake;

    @Override
    public Integer call() throws Exception {
        WorkerSettings ws = kafka.connect(config).kafka();
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "asr-hub-intake-router");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, ws.bootstrapServers());
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        // Kafka 5.0's default, set now so Streams does not warn about it at every start (no global stores here).
        props.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, true);
        props.putAll(io.asrhub.kafka.KafkaClients.streamsOverrides(ws)); // security settings from config/env
        props.put(StreamsConfig.producerPrefix("max.request.size"), ws.maxMessageBytes() + 1024 * 1024);
        KafkaStreams streams = new KafkaStreams(IntakeRouter.topology(intake, ws.topics(), ws.router()), props);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            streams.close(Duration.ofSeconds(30));
            stopped.countDown();
        }));
        streams.start();
        System.err.println("asr-hub router: " + intake + " -> " + ws.topics().lanes() + " on " + ws.bootstrapServers());
        stopped.await();
        return ExitCodes.OK;
    }
}
