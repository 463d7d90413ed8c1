package io.asrhub.it;

import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.config.SaslConfigs;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A single-node KRaft broker from the Kafka jars (like {@code LocalKafkaBroker}) that authenticates every
 * connection with SASL/PLAIN and authorises it with {@code StandardAuthorizer}: no ACL, no access. Users:
 * {@code admin} (super user; also the broker's own identity towards itself), {@code worker} and
 * {@code producer}, each with the password {@code NAME-secret}. Which of them is a super user besides
 * admin is up to the test.
 */
final class SaslKafkaBroker implements AutoCloseable {
    private final Path dataDir;
    private final int port;
    private final Process process;

    private SaslKafkaBroker(Path dataDir, int port, Process process) {
        this.dataDir = dataDir;
        this.port = port;
        this.process = process;
    }

    static SaslKafkaBroker start(Path workDir, String superUsers) throws Exception {
        Files.createDirectories(workDir);
        Path dataDir = Files.createTempDirectory(workDir, "kafka-sasl-");
        int port = freePort();
        int controllerPort = freePort();
        String users = "user_admin=\"admin-secret\" user_worker=\"worker-secret\" user_producer=\"producer-secret\";";
        String brokerLogin = "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"admin\" "
                + "password=\"admin-secret\" " + users;
        Path config = dataDir.resolve("server.properties");
        Files.writeString(config, String.join("\n",
                "process.roles=broker,controller",
                "node.id=1",
                "controller.quorum.bootstrap.servers=127.0.0.1:" + controllerPort,
                "listeners=CLIENTS://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort,
                "advertised.listeners=CLIENTS://127.0.0.1:" + port,
                "controller.listener.names=CONTROLLER",
                "inter.broker.listener.name=CLIENTS",
                // Both listeners authenticate: nothing on this broker is reachable without a password.
                "listener.security.protocol.map=CLIENTS:SASL_PLAINTEXT,CONTROLLER:SASL_PLAINTEXT",
                "sasl.enabled.mechanisms=PLAIN",
                "sasl.mechanism.inter.broker.protocol=PLAIN",
                "sasl.mechanism.controller.protocol=PLAIN",
                "listener.name.clients.plain.sasl.jaas.config=" + brokerLogin,
                "listener.name.controller.plain.sasl.jaas.config=" + brokerLogin,
                "authorizer.class.name=org.apache.kafka.metadata.authorizer.StandardAuthorizer",
                "super.users=" + superUsers,
                "allow.everyone.if.no.acl.found=false",
                "log.dirs=" + dataDir.resolve("logs"),
                "num.partitions=2",
                "offsets.topic.replication.factor=1",
                "offsets.topic.num.partitions=2",
                "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1",
                "transaction.state.log.num.partitions=2",
                "share.coordinator.state.topic.replication.factor=1",
                "share.coordinator.state.topic.min.isr=1",
                "group.initial.rebalance.delay.ms=0",
                "auto.create.topics.enable=false",
                ""));
        String clusterId = org.apache.kafka.common.Uuid.randomUuid().toString();
        run(dataDir, "kafka.tools.StorageTool", "format", "--standalone", "-t", clusterId, "-c", config.toString());
        Process process = new ProcessBuilder(java("kafka.Kafka", config.toString())).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dataDir.resolve("broker.log").toFile())).start();
        SaslKafkaBroker broker = new SaslKafkaBroker(dataDir, port, process);
        try {
            broker.awaitReady();
        } catch (Exception e) {
            broker.close();
            throw e;
        }
        return broker;
    }

    String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    /** Client settings that log in as {@code user} (password {@code user-secret}). */
    Map<String, Object> clientConfig(String user) {
        Map<String, Object> c = new HashMap<>();
        c.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        c.putAll(login(user));
        return c;
    }

    /** The SASL settings alone, as {@code kafka.client.*} entries take them. */
    static Map<String, String> login(String user) {
        return Map.of(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "SASL_PLAINTEXT",
                SaslConfigs.SASL_MECHANISM, "PLAIN",
                SaslConfigs.SASL_JAAS_CONFIG, "org.apache.kafka.common.security.plain.PlainLoginModule required "
                        + "username=\"" + user + "\" password=\"" + user + "-secret\";");
    }

    private void awaitReady() throws Exception {
        Map<String, Object> c = clientConfig("admin");
        c.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000);
        c.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3000);
        try (Admin admin = Admin.create(c)) {
            io.asrhub.testsupport.Await.until(() -> {
                if (!process.isAlive()) {
                    throw new IOException("broker exited during start-up; see " + dataDir.resolve("broker.log"));
                }
                try {
                    return !admin.describeCluster().nodes().get(3, TimeUnit.SECONDS).isEmpty();
                } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                    return false;
                }
            }, java.time.Duration.ofSeconds(60));
        }
    }

    @Override
    public void close() throws Exception {
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
        try (var files = Files.walk(dataDir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
    }

    private static String run(Path dir, String mainClass, String... args) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(java(mainClass, args)).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException(mainClass + " failed: " + out);
        }
        return out;
    }

    /** The broker runs from the Kafka jars on the tests' own class path. */
    private static List<String> java(String mainClass, String... args) {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Dlog4j2.level=WARN", "-cp", System.getProperty("java.class.path"),
                mainClass));
        cmd.addAll(List.of(args));
        return cmd;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
