package io.asrhub.worker;

import io.asrhub.kafka.KafkaClients;
import io.asrhub.kafka.WorkerSettings;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Asks the broker for its cluster id every few seconds, with the worker's own connection and
 * security settings. A consumer whose broker is gone just returns empty polls, so without this
 * the worker would look healthy while it does nothing; with it, an unreachable broker is logged
 * within seconds and {@code /readyz} fails after {@code worker.broker-timeout-ms} (liveness is not
 * affected: the poll loop rides out the outage and resumes on its own).
 */
final class BrokerProbe implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(BrokerProbe.class);
    private static final long EVERY_MS = 3_000;

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "asr-broker-probe");
        t.setDaemon(true);
        return t;
    });
    private final Admin admin;
    private final String bootstrap;
    private final WorkerHealth health;

    private BrokerProbe(Admin admin, String bootstrap, WorkerHealth health) {
        this.admin = admin;
        this.bootstrap = bootstrap;
        this.health = health;
    }

    static BrokerProbe start(WorkerSettings settings, WorkerHealth health) {
        BrokerProbe probe = new BrokerProbe(KafkaClients.admin(settings), settings.bootstrapServers(), health);
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
        if (health.brokerChecked(ok)) {
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
        admin.close(java.time.Duration.ofSeconds(2));
    }
}
