package io.asrhub.broker;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real single-node Apache Kafka broker in KRaft mode, run as a child JVM from the Kafka jars on
 * our own classpath (Maven Central artifacts, no Docker). Used by {@code asr-hub dev} and by the
 * integration tests. A child process rather than in-JVM so its ~400 MB heap and threads stay out
 * of the worker, and so a test can kill it like a real broker.
 */
public final class LocalKafkaBroker implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LocalKafkaBroker.class);

    private final Path dataDir;
    private final int port;
    private volatile Process process;
    private boolean closed;

    private LocalKafkaBroker(Path dataDir, int port, Process process) {
        this.dataDir = dataDir;
        this.port = port;
        this.process = process;
    }

    public static LocalKafkaBroker start(Path workDir) throws IOException, InterruptedException {
        Files.createDirectories(workDir);
        Path dataDir = Files.createTempDirectory(workDir, "kafka-");
        int port = freePort();
        int controllerPort = freePort();
        Path config = dataDir.resolve("server.properties");
        Files.writeString(config, String.join("\n",
                "process.roles=broker,controller",
                "node.id=1",
                "controller.quorum.bootstrap.servers=127.0.0.1:" + controllerPort,
                "listeners=PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort,
                "advertised.listeners=PLAINTEXT://127.0.0.1:" + port,
                "controller.listener.names=CONTROLLER",
                "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
                "log.dirs=" + dataDir.resolve("logs"),
                "num.partitions=3",
                "offsets.topic.replication.factor=1",
                "offsets.topic.num.partitions=3",
                "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1",
                "transaction.state.log.num.partitions=3",
                "group.initial.rebalance.delay.ms=0",
                // Share groups (queues, KIP-932): the formatted cluster already has share.version on
                // (4.4 formats with the latest production features); its state topic must fit one node.
                "share.coordinator.state.topic.replication.factor=1",
                "share.coordinator.state.topic.min.isr=1",
                "share.coordinator.state.topic.num.partitions=3",
                // Lets a share group's acquisition lock go below the broker's 15 s floor, so tests
                // and `dev` can see an expired lock redelivered within seconds.
                "group.share.min.record.lock.duration.ms=1000",
                "message.max.bytes=" + (32 * 1024 * 1024),
                "auto.create.topics.enable=false",
                ""));
        BrokerClasspath.resolve(); // fail before formatting anything when the broker jars are absent
        String clusterId = newClusterId();
        runTool(dataDir, "kafka.tools.StorageTool", "format", "--standalone", "-t", clusterId, "-c", config.toString());
        LocalKafkaBroker broker = new LocalKafkaBroker(dataDir, port, launch(dataDir));
        broker.awaitReady();
        return broker;
    }

    private static Process launch(Path dataDir) throws IOException {
        List<String> cmd = javaCommand("kafka.Kafka", dataDir.resolve("server.properties").toString());
        return new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dataDir.resolve("broker.log").toFile())).start();
    }

    /** Fault injection for tests: SIGKILL, no clean shutdown, data left as it was. */
    public void killHard() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(20, TimeUnit.SECONDS);
    }

    /** Starts the broker again on the same data and ports (after {@link #killHard()}). */
    public void restart() throws IOException, InterruptedException {
        if (process.isAlive()) {
            throw new IllegalStateException("broker is still running");
        }
        process = launch(dataDir);
        awaitReady();
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    public Path logFile() {
        return dataDir.resolve("broker.log");
    }

    private void awaitReady() throws InterruptedException, IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000, AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3000))) {
            while (System.nanoTime() < deadline) {
                if (!process.isAlive()) {
                    throw new IOException("Kafka broker exited during start-up; see " + logFile());
                }
                try {
                    admin.describeCluster().nodes().get(3, TimeUnit.SECONDS);
                    return;
                } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                    Thread.sleep(200);
                }
            }
        }
        close();
        throw new IOException("Kafka broker not ready within 60 s; see " + logFile());
    }

    /**
     * Stops the broker and waits for it to exit. Idempotent and synchronized: a shutdown hook and
     * the owner's try-with-resources may both call it, and the JVM must not exit before the child
     * process does (an orphaned broker would keep its ports and data directory).
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        process.destroy(); // SIGTERM: the broker shuts down cleanly in ~2 s
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        deleteQuietly(dataDir);
    }

    static String runTool(Path dir, String mainClass, String... args) throws IOException, InterruptedException {
        List<String> cmd = javaCommand(mainClass, args);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException(mainClass + " failed: " + out);
        }
        return out;
    }

    /** A cluster id as {@code kafka-storage random-uuid} makes one, without starting a JVM for it. */
    static String newClusterId() {
        return org.apache.kafka.common.Uuid.randomUuid().toString();
    }

    static List<String> javaCommand(String mainClass, String... args) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xmx512m");
        cmd.add("-XX:+UseSerialGC");
        // A local broker starts often (dev, every test broker) and carries little load: the quick
        // compiler alone starts it with about a quarter less CPU than the tiered default.
        cmd.add("-XX:TieredStopAtLevel=1");
        cmd.add("-Dlog4j2.level=WARN");
        cmd.add("-cp");
        cmd.add(BrokerClasspath.resolve());
        cmd.add(mainClass);
        cmd.addAll(List.of(args));
        return cmd;
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    static void deleteQuietly(Path dir) {
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException e) {
            LOG.debug("could not delete {}", dir, e);
        }
    }
}
