package io.asrhub.it;

import io.asrhub.broker.LocalKafkaBroker;
import io.asrhub.cli.CliRun;
import io.asrhub.config.Settings;
import io.asrhub.kafka.WorkerSettings;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * `asr-hub topics plan|apply` and `worker --create-topics` on one real broker: replication 1 with
 * a warning, a differing topic reported and left as it is, more replicas than brokers refused, and
 * a fresh broker whose new pieces topics the worker sees at once (long-job splitting stays on).
 */
@ExtendWith(SharedKafka.class)
class TopicsIT {
    private static Path configWithOwnTopics(String id) throws Exception {
        Path config = Files.createTempFile(Path.of("target"), "topics-" + id, ".properties");
        StringBuilder b = new StringBuilder();
        for (String t : List.of("small", "medium", "large", "results", "dead-letters", "pieces", "piece-results",
                "progress")) {
            b.append("topics.").append(t).append('=').append("topics-").append(id).append('.').append(t).append('\n');
        }
        Files.writeString(config, b.toString());
        return config;
    }

    @Test
    void onOneBrokerThePlanIsReplicationOneWithAWarningAndADifferingTopicIsReportedNotChanged() throws Exception {
        String id = UUID.randomUUID().toString().substring(0, 8);
        String config = configWithOwnTopics(id).toString();
        String bootstrap = SharedKafka.bootstrap();
        CliRun plan = CliRun.of("topics", "plan", "--bootstrap", bootstrap, "--config", config);
        assertEquals(0, plan.exitCode(), plan.err());
        assertTrue(plan.out().contains("cluster: 1 broker(s)"), plan.out());
        assertEquals(8, plan.out().lines().filter(l -> l.startsWith("create   topics-" + id)).count(), plan.out());
        assertTrue(plan.out().contains("create   topics-" + id + ".small: partitions 6, replication 1, "
                + "max.message.bytes=16777216, min.insync.replicas=1, retention.ms=86400000"), plan.out());
        assertTrue(plan.out().contains("warning: replication factor 1 (the cluster has one broker)"), plan.out());

        CliRun apply = CliRun.of("topics", "apply", "--bootstrap", bootstrap, "--config", config, "--partitions", "2");
        assertEquals(0, apply.exitCode(), apply.out() + apply.err());
        assertTrue(apply.out().contains("created 8 topic(s)"), apply.out());
        String small = "topics-" + id + ".small";
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            TopicDescription d = admin.describeTopics(List.of(small)).allTopicNames().get().get(small);
            assertEquals(2, d.partitions().size());
            assertEquals(1, d.partitions().get(0).replicas().size());
            ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, small);
            assertEquals("86400000", admin.describeConfigs(List.of(resource)).all().get().get(resource)
                    .get("retention.ms").value(), "lanes carry audio: one day");
            // Someone changes the topic by hand: plan and apply report it, never undo it.
            admin.incrementalAlterConfigs(Map.of(resource, List.of(new AlterConfigOp(
                    new ConfigEntry("retention.ms", "1000"), AlterConfigOp.OpType.SET)))).all().get();
            CliRun again = CliRun.of("topics", "apply", "--bootstrap", bootstrap, "--config", config, "--partitions", "2");
            assertEquals(1, again.exitCode(), "a differing topic: exit 1\n" + again.out() + again.err());
            assertTrue(again.out().contains("differs  " + small + ": retention.ms 1000, wanted 86400000 (left unchanged)"),
                    again.out());
            assertTrue(again.out().contains("ok       topics-" + id + ".results"), again.out());
            assertTrue(again.out().contains("created 0 topic(s)"), again.out());
            assertEquals("1000", admin.describeConfigs(List.of(resource)).all().get().get(resource)
                    .get("retention.ms").value(), "left as it was");
        }
    }

    @Test
    void moreReplicasThanBrokersIsRefusedWithoutCreatingAnything() throws Exception {
        String id = UUID.randomUUID().toString().substring(0, 8);
        CliRun apply = CliRun.of("topics", "apply", "--bootstrap", SharedKafka.bootstrap(), "--config",
                configWithOwnTopics(id).toString(), "--replication-factor", "3");
        assertEquals(2, apply.exitCode(), apply.out() + apply.err());
        assertTrue(apply.err().contains("replication factor 3 needs 3 brokers; the cluster has 1"), apply.err());
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, SharedKafka.bootstrap()))) {
            assertFalse(admin.listTopics().names().get().stream().anyMatch(t -> t.startsWith("topics-" + id)));
        }
    }

    /** Issue 15 item 7: the worker's pieces-topic check ran before a fresh broker listed the new topics. */
    @Test
    void createTopicsOnAFreshBrokerKeepsLongJobSplittingOn() throws Exception {
        try (LocalKafkaBroker broker = LocalKafkaBroker.start(Path.of("target", "kafka-fresh"))) {
            WorkerSettings ws = WorkerSettings.read(Settings.of(Map.of("kafka.bootstrap-servers",
                    broker.bootstrapServers())));
            Path log = Files.createTempFile(Path.of("target"), "worker-create-topics", ".log");
            Process worker = WorkerProcess.start(ws, "worker-fresh", 1, Map.of(), log, "--create-topics");
            try {
                WorkerHarness.waitUntil(() -> Files.readString(log).contains("asr-hub worker worker-fresh:"),
                        WorkerHarness.seconds(60));
                String output = Files.readString(log);
                assertFalse(output.contains("do not exist"), output);
                assertTrue(output.contains("created topic asr.progress"), output);
                assertTrue(output.contains("split into pieces on asr.pieces"), output);
            } finally {
                worker.destroyForcibly();
                worker.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }
}
