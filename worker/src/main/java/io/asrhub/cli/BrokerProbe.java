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

    static void requireReachable(io.asrhub.kafka.WorkerSettings ws, Duration timeout)
            throws KafkaUnreachableException, InterruptedException {
        String bootstrap = ws.bootstrapServers();
        int millis = (int) Math.max(1, timeout.toMillis());
        // The same connection and security settings (kafka.client.*) as the command's real clients.
        java.util.Map<String, Object> config = new java.util.HashMap<>(io.asrhub.kafka.KafkaClients.adminConfig(ws));
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, millis);
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, millis);
        // Give up on one address quickly so the next one in the list gets its turn.
        config.put(AdminClientConfig.SOCKET_CONNECTION_SETUP_TIMEOUT_MS_CONFIG, Math.min(millis, 5_000));
        config.put(AdminClientConfig.SOCKET_CONNECTION_SETUP_TIMEOUT_MAX_MS_CONFIG, Math.min(millis, 5_000));
        config.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 1_000);
        Admin admin;
        try {
            admin = Admin.create(config);
        } catch (KafkaException e) {
            // e.g. "No resolvable bootstrap urls": the host name does not resolve at all.
            throw new KafkaUnreachableException("cannot reach Kafka at " + bootstrap + ": " + rootMessage(e));
        }
        try {
            admin.describeCluster().nodes().get(millis, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof org.apache.kafka.common.errors.AuthenticationException
                    || e.getCause() instanceof org.apache.kafka.common.errors.AuthorizationException) {
                throw new KafkaUnreachableException("Kafka at " + bootstrap + " refused this client: "
                        + rootMessage(e) + " (check kafka.client.* security settings)");
            }
            throw new KafkaUnreachableException("no Kafka broker answered at " + bootstrap + " within "
                    + seconds(timeout) + " (check --bootstrap / kafka.bootstrap-servers; "
                    + "kafka.connect-timeout-ms sets how long to wait)");
        } catch (TimeoutException e) {
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
