package io.asrhub.cli;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.KafkaException;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Asks the cluster for its brokers before a command starts real work. Kafka clients retry an
 * unreachable address for a minute or more (producer {@code max.block.ms}, admin
 * {@code default.api.timeout.ms}) and then fail with a stack trace; one bounded question up front
 * turns a wrong or unreachable {@code --bootstrap} into a prompt, single-line answer.
 */
final class BrokerProbe {
    private BrokerProbe() {
    }

    static void requireReachable(String bootstrap, Duration timeout) throws KafkaUnreachableException,
            InterruptedException {
        int millis = (int) Math.max(1, timeout.toMillis());
        Admin admin;
        try {
            admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                    AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, millis,
                    AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, millis,
                    // Give up on one address quickly so the next one in the list gets its turn.
                    AdminClientConfig.SOCKET_CONNECTION_SETUP_TIMEOUT_MS_CONFIG, Math.min(millis, 5_000),
                    AdminClientConfig.SOCKET_CONNECTION_SETUP_TIMEOUT_MAX_MS_CONFIG, Math.min(millis, 5_000),
                    AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 1_000));
        } catch (KafkaException e) {
            // e.g. "No resolvable bootstrap urls": the host name does not resolve at all.
            throw new KafkaUnreachableException("cannot reach Kafka at " + bootstrap + ": " + rootMessage(e));
        }
        try {
            admin.describeCluster().nodes().get(millis, TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            throw new KafkaUnreachableException("no Kafka broker answered at " + bootstrap + " within "
                    + seconds(timeout) + " (check --bootstrap / kafka.bootstrap-servers; "
                    + "kafka.connect-timeout-ms sets how long to wait)");
        } finally {
            admin.close(Duration.ZERO);
        }
    }

    private static String seconds(Duration timeout) {
        return timeout.toMillis() % 1000 == 0 ? timeout.toSeconds() + " s" : timeout.toMillis() + " ms";
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t.getMessage();
    }
}
