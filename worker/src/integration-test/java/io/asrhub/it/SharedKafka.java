package io.asrhub.it;

import io.asrhub.broker.LocalKafkaBroker;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.kafka.KafkaContainer;

import java.nio.file.Path;

/**
 * One real broker for the whole test run: Testcontainers' Kafka when a Docker engine answers,
 * otherwise a KRaft broker started from the Kafka jars on the classpath. Never a mock.
 */
public final class SharedKafka implements BeforeAllCallback {
    private static final String KEY = "asr-hub-kafka";
    private static volatile String bootstrap;

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        bootstrap = context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
                .getOrComputeIfAbsent(KEY, k -> start(), Broker.class).bootstrap;
    }

    public static String bootstrap() {
        return bootstrap;
    }

    private static Broker start() {
        try {
            if (dockerAvailable()) {
                KafkaContainer container = new KafkaContainer("apache/kafka:4.4.0")
                        // as LocalKafkaBroker: short share-group locks, so lock-expiry tests take seconds
                        .withEnv("KAFKA_GROUP_SHARE_MIN_RECORD_LOCK_DURATION_MS", "1000")
                        .withEnv("KAFKA_SHARE_COORDINATOR_STATE_TOPIC_REPLICATION_FACTOR", "1")
                        .withEnv("KAFKA_SHARE_COORDINATOR_STATE_TOPIC_MIN_ISR", "1");
                container.start();
                return new Broker(container.getBootstrapServers(), container::stop);
            }
            LocalKafkaBroker broker = LocalKafkaBroker.start(Path.of("target", "kafka"));
            return new Broker(broker.bootstrapServers(), broker::close);
        } catch (Exception e) {
            throw new IllegalStateException("cannot start a Kafka broker for the tests", e);
        }
    }

    private static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    /** Closed by JUnit when the root context ends, i.e. after the last test class. */
    static final class Broker implements ExtensionContext.Store.CloseableResource, AutoCloseable {
        final String bootstrap;
        private final Runnable stop;

        Broker(String bootstrap, Runnable stop) {
            this.bootstrap = bootstrap;
            this.stop = stop;
        }

        @Override
        public void close() {
            stop.run();
        }
    }
}
