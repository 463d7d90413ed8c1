package io.asrhub.kafka;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Asks the cluster whether it is there, with the same connection and security settings
 * ({@code kafka.client.*}) as the real clients. Once, before a command starts real work
 * ({@link #requireReachable}): Kafka clients retry an unreachable address for a minute or more and
 * then fail with a stack trace, so one bounded question up front turns a wrong {@code --bootstrap}
 * into a prompt, single-line answer. And every few seconds while a worker runs ({@link #watch}): a
 * consumer whose broker is gone just returns empty polls, so without it a worker would look healthy
 * while doing nothing.
 */
public final class BrokerProbe implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(BrokerProbe.class);
    private static final long EVERY_MS = 3_000;

    /** Told each answer (or its absence); returns true when reachability changed, which is then logged. */
    public interface Listener {
        boolean checked(boolean reachable);
    }

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "asr-broker-probe");
        t.setDaemon(true);
        return t;
    });
    private final Admin admin;
    private final String bootstrap;
    private final Listener listener;

    private BrokerProbe(Admin admin, String bootstrap, Listener listener) {
        this.admin = admin;
        this.bootstrap = bootstrap;
        this.listener = listener;
    }

    /** Asks for the cluster id every {@value #EVERY_MS} ms until closed, telling {@code listener}. */
    public static BrokerProbe watch(WorkerSettings settings, Listener listener) {
        BrokerProbe probe = new BrokerProbe(KafkaClients.admin(settings), settings.bootstrapServers(), listener);
        probe.timer.scheduleWithFixedDelay(probe::check, 0, EVERY_MS, TimeUnit.MILLISECONDS);
        return probe;
    }

    private void check() {
        boolean ok;
        String why = null;
        try {
            admin.describeCluster(new DescribeClusterOptions().timeoutMs((int) EVERY_MS)).clusterId()
                    .get(EVERY_MS + 1_000, TimeUnit.MILLISECONDS);
            ok = true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        } catch (Exception e) {
            ok = false;
            why = e.getCause() != null ? e.getCause().toString() : e.toString();
        }
        if (listener.checked(ok)) {
            if (ok) {
                LOG.info("Kafka broker at {} reachable again", bootstrap);
            } else {
                LOG.warn("Kafka broker at {} is unreachable: {}", bootstrap, why);
            }
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
        admin.close(Duration.ofSeconds(2));
    }

    /** Returns once a broker answered; throws with one readable line when none did within {@code timeout}. */
    public static void requireReachable(WorkerSettings ws, Duration timeout)
            throws KafkaUnreachableException, InterruptedException {
        String bootstrap = ws.bootstrapServers();
        int millis = (int) Math.max(1, timeout.toMillis());
        Map<String, Object> config = new HashMap<>(KafkaClients.adminConfig(ws));
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
            if (e.getCause() instanceof AuthenticationException || e.getCause() instanceof AuthorizationException) {
                throw new KafkaUnreachableException("Kafka at " + bootstrap + " refused this client: "
                        + rootMessage(e) + " (check kafka.client.* security settings)");
            }
            throw noAnswer(bootstrap, timeout);
        } catch (TimeoutException e) {
            throw noAnswer(bootstrap, timeout);
        } finally {
            admin.close(Duration.ZERO);
        }
    }

    private static KafkaUnreachableException noAnswer(String bootstrap, Duration timeout) {
        return new KafkaUnreachableException("no Kafka broker answered at " + bootstrap + " within "
                + seconds(timeout) + " (check --bootstrap / kafka.bootstrap-servers; "
                + "kafka.connect-timeout-ms sets how long to wait)");
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
