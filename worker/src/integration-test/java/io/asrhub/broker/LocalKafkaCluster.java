package io.asrhub.broker;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartitionInfo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Three real KRaft nodes, each a combined broker and controller (a static three-voter quorum), run
 * as child JVMs from the same Kafka jars as {@link LocalKafkaBroker}. Internal topics are
 * replicated three times with min ISR 2, as on a production cluster, so one node can be killed
 * with SIGKILL while clients keep working. Brokers are fenced 3 s after their last heartbeat
 * (Kafka's default: 9 s) so a failover test takes seconds, not tens of seconds.
 */
public final class LocalKafkaCluster implements AutoCloseable {
    private final Path dataDir;
    private final int[] ports;
    private final Process[] nodes;

    private LocalKafkaCluster(Path dataDir, int[] ports, Process[] nodes) {
        this.dataDir = dataDir;
        this.ports = ports;
        this.nodes = nodes;
    }

    public static LocalKafkaCluster start(Path workDir, int size) throws Exception {
        Files.createDirectories(workDir);
        Path dataDir = Files.createTempDirectory(workDir, "kafka-cluster-");
        int[] ports = new int[size];
        int[] controllerPorts = new int[size];
        List<String> voters = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            ports[i] = LocalKafkaBroker.freePort();
            controllerPorts[i] = LocalKafkaBroker.freePort();
            voters.add((i + 1) + "@127.0.0.1:" + controllerPorts[i]);
        }
        String clusterId = LocalKafkaBroker.newClusterId();
        int replication = Math.min(3, size);
        for (int i = 0; i < size; i++) {
            Path nodeDir = Files.createDirectories(dataDir.resolve("node-" + (i + 1)));
            Files.writeString(nodeDir.resolve("server.properties"), String.join("\n",
                    "process.roles=broker,controller",
                    "node.id=" + (i + 1),
                    "controller.quorum.voters=" + String.join(",", voters),
                    "listeners=PLAINTEXT://127.0.0.1:" + ports[i] + ",CONTROLLER://127.0.0.1:" + controllerPorts[i],
                    "advertised.listeners=PLAINTEXT://127.0.0.1:" + ports[i],
                    "controller.listener.names=CONTROLLER",
                    "inter.broker.listener.name=PLAINTEXT",
                    "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
                    "log.dirs=" + nodeDir.resolve("logs"),
                    "num.partitions=3",
                    "default.replication.factor=" + replication,
                    "offsets.topic.replication.factor=" + replication,
                    "offsets.topic.num.partitions=3",
                    "transaction.state.log.replication.factor=" + replication,
                    "transaction.state.log.min.isr=" + Math.min(2, replication),
                    "transaction.state.log.num.partitions=3",
                    "share.coordinator.state.topic.replication.factor=" + replication,
                    "share.coordinator.state.topic.min.isr=" + Math.min(2, replication),
                    "share.coordinator.state.topic.num.partitions=3",
                    "group.initial.rebalance.delay.ms=0",
                    "broker.heartbeat.interval.ms=500",
                    "broker.session.timeout.ms=3000",
                    "message.max.bytes=" + (32 * 1024 * 1024),
                    "auto.create.topics.enable=false",
                    ""));
            LocalKafkaBroker.runTool(nodeDir, "kafka.tools.StorageTool", "format", "-t", clusterId, "-c",
                    nodeDir.resolve("server.properties").toString());
        }
        Process[] processes = new Process[size];
        LocalKafkaCluster cluster = new LocalKafkaCluster(dataDir, ports, processes);
        try {
            for (int id = 1; id <= size; id++) {
                processes[id - 1] = cluster.launch(id);
            }
            cluster.awaitBrokers(size);
        } catch (Exception | Error e) { // a node that failed, or the start-up deadline: leave no process behind
            cluster.close();
            throw e;
        }
        return cluster;
    }

    private Process launch(int nodeId) throws IOException {
        Path nodeDir = dataDir.resolve("node-" + nodeId);
        return new ProcessBuilder(LocalKafkaBroker.javaCommand("kafka.Kafka",
                nodeDir.resolve("server.properties").toString())).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(nodeDir.resolve("broker.log").toFile())).start();
    }

    /** All nodes' listeners: clients find the cluster through whichever answers. */
    public String bootstrapServers() {
        return java.util.Arrays.stream(ports).mapToObj(p -> "127.0.0.1:" + p).collect(Collectors.joining(","));
    }

    /** SIGKILL one node (broker and controller): no clean shutdown, data left as it was. */
    public void killHard(int nodeId) throws InterruptedException {
        nodes[nodeId - 1].destroyForcibly();
        nodes[nodeId - 1].waitFor(20, TimeUnit.SECONDS);
    }

    /** Starts a killed node again on its data and ports, and waits until the cluster has all its brokers. */
    public void restart(int nodeId) throws Exception {
        if (nodes[nodeId - 1].isAlive()) {
            throw new IllegalStateException("node " + nodeId + " is still running");
        }
        nodes[nodeId - 1] = launch(nodeId);
        awaitBrokers(nodes.length);
    }

    /** The node leading {@code topic}'s {@code partition} now. */
    public int leaderOf(String topic, int partition) throws Exception {
        try (Admin admin = admin()) {
            TopicDescription d = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic);
            return d.partitions().get(partition).leader().id();
        }
    }

    /** Whether every partition of {@code topics} has all its replicas in sync (a killed node has caught up). */
    public boolean fullyInSync(List<String> topics) throws Exception {
        try (Admin admin = admin()) {
            for (TopicDescription d : admin.describeTopics(topics).allTopicNames().get().values()) {
                for (TopicPartitionInfo p : d.partitions()) {
                    if (p.isr().size() < p.replicas().size()) {
                        return false;
                    }
                }
            }
            return true;
        }
    }

    public Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000, AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10000));
    }

    private void awaitBrokers(int count) throws Exception {
        try (Admin admin = admin()) {
            io.asrhub.testsupport.Await.until("Kafka cluster with " + count + " brokers (see " + dataDir + ")", () -> {
                for (int i = 0; i < nodes.length; i++) {
                    if (nodes[i] != null && !nodes[i].isAlive() && nodes[i].exitValue() != 137) {
                        throw new IOException("Kafka node " + (i + 1) + " exited during start-up; see "
                                + dataDir.resolve("node-" + (i + 1)).resolve("broker.log"));
                    }
                }
                try {
                    return admin.describeCluster().nodes().get(3, TimeUnit.SECONDS).size() == count;
                } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                    return false; // not up yet
                }
            }, java.time.Duration.ofSeconds(90));
        }
    }

    /** SIGKILL every node: a test cluster's data is thrown away, so a clean shutdown would only cost time. */
    @Override
    public synchronized void close() {
        for (Process p : nodes) {
            if (p != null) {
                p.destroyForcibly();
            }
        }
        for (Process p : nodes) {
            try {
                if (p != null) {
                    p.waitFor(20, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        LocalKafkaBroker.deleteQuietly(dataDir);
    }
}
