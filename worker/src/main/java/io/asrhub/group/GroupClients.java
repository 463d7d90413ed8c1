package io.asrhub.group;

import io.asrhub.publish.ResultPublisher;
import org.apache.kafka.clients.consumer.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;

/** Closes the worker's consumer and producer: politely after a graceful stop, at once after a failure. */
final class GroupClients {
    private static final Logger LOG = LoggerFactory.getLogger(GroupClients.class);

    private final Consumer<String, byte[]> consumer;
    private final ResultPublisher publisher;

    GroupClients(Consumer<String, byte[]> consumer, ResultPublisher publisher) {
        this.consumer = consumer;
        this.publisher = publisher;
    }

    void close() {
        try {
            consumer.close(Duration.ofSeconds(1));
        } catch (RuntimeException e) {
            LOG.warn("closing consumer: {}", e.toString());
        }
        try {
            publisher.close();
        } catch (RuntimeException e) {
            LOG.warn("closing producer: {}", e.toString());
        }
    }

    void closeAfterFailure() {
        try {
            consumer.close(Duration.ZERO);
        } catch (RuntimeException ignored) {
            // already closed or broken: nothing to save after a failure
        }
        try {
            publisher.close();
        } catch (RuntimeException ignored) {
            // idem
        }
    }
}
