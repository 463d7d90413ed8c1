package io.asrhub.it;

import io.asrhub.client.ResultReader;
import io.asrhub.config.Settings;
import io.asrhub.kafka.KafkaClients;
import io.asrhub.kafka.WorkerSettings;
import org.apache.kafka.clients.producer.KafkaProducer;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * What the integration-test harnesses share: a consumer group and topics of their own (names with a
 * random suffix, so tests running at the same time on one broker never see each other's records), a
 * producer, readers of the results and dead letters, and the resources they close in reverse order.
 * The subclass creates the topics it needs.
 */
abstract class OwnTopicsHarness implements AutoCloseable {
    final Map<String, String> values;
    final WorkerSettings settings;
    final List<AutoCloseable> resources = new ArrayList<>();
    final KafkaProducer<String, byte[]> producer;

    /** {@code defaults} are the harness's own settings; {@code overrides} the test's, applied last. */
    OwnTopicsHarness(String prefix, String bootstrap, Map<String, String> defaults, Map<String, String> overrides)
            throws Exception {
        String id = prefix + UUID.randomUUID().toString().substring(0, 8);
        values = new HashMap<>(Map.of("kafka.bootstrap-servers", bootstrap, "kafka.group-id", id,
                "topics.dead-letters", id + ".dlq"));
        for (String topic : List.of("small", "medium", "large", "results", "pieces", "piece-results", "progress")) {
            values.put("topics." + topic, id + "." + topic);
        }
        values.putAll(defaults);
        values.putAll(overrides);
        settings = WorkerSettings.read(Settings.of(values));
        producer = KafkaClients.producer(settings, null);
        resources.add(producer);
    }

    ResultReader results() {
        return reader(settings.topics().results());
    }

    ResultReader deadLetters() {
        return reader(settings.topics().deadLetters());
    }

    private ResultReader reader(String topic) {
        ResultReader reader = new ResultReader(settings.bootstrapServers(), topic, true);
        resources.add(reader);
        return reader;
    }

    @Override
    public void close() throws Exception {
        for (int i = resources.size() - 1; i >= 0; i--) {
            try {
                resources.get(i).close();
            } catch (Exception e) {
                // best effort: later resources must still close
            }
        }
    }
}
