package io.asrhub.it;

import io.asrhub.testsupport.Await;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * One schema registry for the test run. Preferably the real one: Apicurio Registry (in-memory
 * storage), started as a child process from the Quarkus application that {@code registry-app/} builds
 * out of the {@code io.apicurio:apicurio-registry-app} jar on Maven Central; it serves the
 * Confluent-compatible API under {@code /apis/ccompat/v7}. When that application was not built,
 * the tests use {@link StandInRegistry} instead and say so on the console; when it was built but does
 * not start, they skip with the reason.
 */
public final class SharedSchemaRegistry implements BeforeAllCallback {
    static final Path APP = Path.of("..", "registry-app", "target", "asr-hub-test-registry-runner.jar")
            .toAbsolutePath().normalize();
    private static final String KEY = "asr-hub-schema-registry";
    private static volatile Registry registry;

    @Override
    public void beforeAll(ExtensionContext context) {
        Registry r = context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
                .getOrComputeIfAbsent(KEY, k -> Files.isRegularFile(APP) ? start() : standIn(), Registry.class);
        assumeTrue(r.failure == null, "the schema registry did not start: " + r.failure);
        registry = r;
    }

    /** Root of the registry, e.g. http://127.0.0.1:PORT */
    static String root() {
        return registry.root;
    }

    /** The Confluent-compatible API root: what {@code records.registry.url} names. */
    static String ccompat() {
        return registry.root + "/apis/ccompat/v7";
    }

    /** True when the tests run against Apicurio, false with the stand-in. */
    static boolean isReal() {
        return registry.process != null;
    }

    private static Registry standIn() {
        try {
            StandInRegistry standIn = new StandInRegistry();
            System.out.println("SCHEMA REGISTRY: " + APP + " was not built (mvn -f registry-app/pom.xml package);"
                    + " using the Confluent-API stand-in " + standIn.root() + " instead of Apicurio Registry");
            return new Registry(standIn.root(), null, null, standIn);
        } catch (IOException e) {
            return new Registry(null, null, "cannot open the stand-in registry: " + e, null);
        }
    }

    private static Registry start() {
        Path log = Path.of("target", "schema-registry.log").toAbsolutePath();
        Process process = null;
        long started = System.nanoTime();
        try {
            int port;
            try (ServerSocket s = new ServerSocket(0)) {
                port = s.getLocalPort();
            }
            process = new ProcessBuilder(io.asrhub.testsupport.ChildJvm.java("-Xmx512m", "-Dquarkus.http.host=127.0.0.1",
                    "-Dquarkus.http.port=" + port, "-Djava.io.tmpdir=" + Path.of("target").toAbsolutePath(),
                    "-jar", APP.toString()))
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            String root = "http://127.0.0.1:" + port;
            HttpClient http = HttpClient.newHttpClient();
            Process p = process;
            Await.until("schema registry answering on " + root + " (log: " + log + ")", () -> {
                if (!p.isAlive()) {
                    throw new IllegalStateException("registry process exited with " + p.exitValue() + "; log: " + log);
                }
                return answers(http, root + "/apis/ccompat/v7/subjects");
            }, Duration.ofSeconds(180));
            System.out.printf("schema registry ready on %s after %d ms%n", root, (System.nanoTime() - started) / 1_000_000);
            return new Registry(root, process, null, null);
        } catch (Exception e) {
            if (process != null) {
                process.destroyForcibly();
            }
            return new Registry(null, null, e.toString(), null);
        }
    }

    private static boolean answers(HttpClient http, String url) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(2)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Stopped by JUnit when the root context ends, after the last test class. */
    record Registry(String root, Process process, String failure, StandInRegistry standIn)
            implements ExtensionContext.Store.CloseableResource {
        @Override
        public void close() throws Exception {
            if (standIn != null) {
                standIn.close();
            }
            if (process != null) {
                process.destroy();
                if (!process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            }
        }
    }
}
