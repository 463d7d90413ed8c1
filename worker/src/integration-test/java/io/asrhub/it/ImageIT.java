package io.asrhub.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.asrhub.client.ResultReader;
import io.asrhub.schema.JobStatus;
import io.asrhub.schema.TranscriptResult;
import io.asrhub.testsupport.Speech;
import io.asrhub.testsupport.TinyWhisperModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The real worker image, as .ci/build-image builds it from the Dockerfile, run with podman against the
 * test's broker: restricted like k8s/worker.yaml runs it (read-only root with only /tmp writable, every
 * capability dropped, no privilege escalation, uid 10001), a generated model mounted read-only. It
 * transcribes a job, passes docker-compose.yml's healthcheck, and stops cleanly on SIGTERM within the
 * grace (exit code 143, the JVM's code for a SIGTERM after its shutdown hook finished).
 * Skips with the reason where podman or the image is missing.
 */
@ExtendWith(SharedKafka.class)
class ImageIT {
    /** Jars that only tests need; none may ship in the image. */
    private static final Pattern TEST_JAR = Pattern.compile(
            "^(junit|junit-jupiter|junit-platform|opentest4j|hamcrest|mockito|testcontainers|archunit"
                    + "|kafka-streams-test-utils|kafka-test-common)[-.].*");
    /** docker-compose.yml's stop_grace_period: what the worker gets between SIGTERM and SIGKILL there. */
    private static final long GRACE_SECONDS = 45;

    @Test
    void libHoldsTheWorkersClassPathAndNoTestJars() throws Exception {
        Podman podman = Podman.requireImage();
        Podman.Result ls = podman.run("run", "--rm", "--network", "host", "--entrypoint", "ls", Podman.IMAGE, "/app/lib");
        assertEquals(0, ls.exitCode(), ls.output());
        List<String> jars = Arrays.stream(ls.output().split("\\s+")).filter(j -> j.endsWith(".jar")).toList();
        assertTrue(jars.stream().anyMatch(j -> j.startsWith("kafka-clients-")), jars.toString());
        assertTrue(jars.stream().anyMatch(j -> j.startsWith("whisper-jni-")), jars.toString());
        assertTrue(jars.stream().anyMatch(j -> j.startsWith("mp3spi-")), "the MP3 decoder stays: " + jars);
        List<String> testJars = jars.stream().filter(j -> TEST_JAR.matcher(j).matches()).toList();
        assertEquals(List.of(), testJars, "test jars in the image's lib/");
    }

    @Test
    void imageTranscribesAsARestrictedWorkerPassesTheComposeHealthcheckAndExitsCleanlyOnSigterm() throws Exception {
        Podman podman = Podman.requireImage();
        try (WorkerHarness h = new WorkerHarness(SharedKafka.bootstrap(), Map.of())) {
            ResultReader results = h.results();
            String name = "asr-hub-image-it-" + UUID.randomUUID().toString().substring(0, 8);
            int metricsPort = freePort();
            // The container runs as uid 10001: the mounted model must be world-readable (temp files are 0600).
            Path models = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "image-models");
            Path model = Files.copy(TinyWhisperModel.shared(), models.resolve("ggml-generated.bin"));
            Files.setPosixFilePermissions(models, PosixFilePermissions.fromString("rwxr-xr-x"));
            Files.setPosixFilePermissions(model, PosixFilePermissions.fromString("rw-r--r--"));
            // /tmp as a pod's emptyDir: writable and exec (native libraries are loaded from there), unlike
            // podman's default noexec tmpfs.
            List<String> run = new ArrayList<>(List.of("run", "--rm", "--name", name, "--network", "host",
                    "--read-only", "--tmpfs", "/tmp:rw,exec,nosuid,nodev,mode=1777", "--cap-drop", "ALL",
                    "--security-opt", "no-new-privileges", "--user", "10001:10001",
                    "-v", model + ":/models/ggml-generated.bin:ro",
                    "-e", "ASR_HUB_WHISPER_MODEL=/models/ggml-generated.bin",
                    "-e", "ASR_HUB_METRICS_PORT=" + metricsPort, "-e", "ASR_HUB_WORKER_ID=image-worker"));
            WorkerProcess.kafkaEnvironment(h.settings).forEach((k, v) -> run.addAll(List.of("-e", k + "=" + v)));
            run.addAll(List.of(Podman.IMAGE, "worker", "--pool", "1"));
            Path log = Files.createTempFile(Path.of("target"), "image-worker", ".log");
            Process container = podman.command(run).redirectErrorStream(true).redirectOutput(log.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
            long started = System.nanoTime();
            try {
                String id = h.submitter.submit(Speech.wav("short", Speech.SHORT), null).jobId();
                // Container start, JVM start, model load and group join, then the job.
                List<TranscriptResult> got = results.readUntil(r -> !r.isEmpty(), Duration.ofSeconds(180));
                assertEquals(1, got.size(), "a result from the image within 180 s; its log:\n" + Files.readString(log));
                System.out.printf("ImageIT: first transcript %d s after podman run%n",
                        TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started));
                TranscriptResult result = got.get(0);
                assertEquals(id, result.getJobId());
                assertEquals(JobStatus.OK, result.getStatus(), result + "\n" + Files.readString(log));
                assertEquals("image-worker", result.getWorkerId());
                assertFalse(result.getText().isBlank(), "the generated model writes words: " + result);

                // The compose healthcheck, run inside the image with the tools the image has.
                List<String> check = composeHealthcheck(metricsPort);
                Podman.Result healthy = podman.run(exec(name, check));
                assertEquals(0, healthy.exitCode(), "healthcheck " + check + ": " + healthy.output());
                Podman.Result closedPort = podman.run(exec(name, composeHealthcheck(freePort())));
                assertNotEquals(0, closedPort.exitCode(), "the healthcheck fails where nothing answers /livez");

                // k8s/worker.yaml gives /tmp an emptyDir of 256 MiB: what the worker unpacked there must fit.
                Podman.Result tmp = podman.run("exec", name, "du", "-sk", "/tmp");
                long tmpKib = Long.parseLong(tmp.output().trim().split("\\s+")[0]);
                System.out.println("ImageIT: /tmp holds " + tmpKib + " KiB after the first job");
                assertTrue(tmpKib < 256 * 1024, "/tmp use " + tmpKib + " KiB exceeds the emptyDir sizeLimit");

                long start = System.nanoTime();
                Podman.Result term = podman.run("kill", "--signal", "TERM", name); // as `docker stop` / the kubelet
                assertEquals(0, term.exitCode(), term.output());
                assertTrue(container.waitFor(GRACE_SECONDS, TimeUnit.SECONDS),
                        "the worker exits within the grace after SIGTERM: " + Files.readString(log));
                System.out.printf("ImageIT: exited %d s after SIGTERM%n", TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start));
                // A clean stop: the shutdown hook finished (in-flight jobs done, offsets committed, group left),
                // then the JVM reports 128 + SIGTERM as documented in docs/failures-and-health.md.
                assertEquals(143, container.exitValue(), "exit code after SIGTERM; log:\n" + Files.readString(log));
                assertTrue(Files.readString(log).contains("worker image-worker stopped"), Files.readString(log));
                assertEquals(0, h.uncommitted(), "final commit happened before leaving the group");
                assertFalse(Files.readString(log).contains("NoClassDefFoundError"), Files.readString(log));
            } finally {
                container.destroyForcibly();
                podman.run("rm", "--force", "--ignore", name);
            }
        }
    }

    /** docker-compose.yml's worker healthcheck command (after "CMD"), aimed at {@code port}. */
    private static List<String> composeHealthcheck(int port) throws Exception {
        JsonNode compose = new ObjectMapper(new YAMLFactory()).readTree(Path.of("..", "docker-compose.yml").toFile());
        List<String> test = new ArrayList<>();
        compose.at("/services/worker/healthcheck/test").forEach(t -> test.add(t.asText()));
        assertEquals("CMD", test.get(0));
        String port9400 = compose.at("/services/worker/environment/ASR_HUB_METRICS_PORT").asText();
        return test.subList(1, test.size()).stream().map(a -> a.replace("/" + port9400, "/" + port)).toList();
    }

    private static String[] exec(String container, List<String> command) {
        List<String> args = new ArrayList<>(List.of("exec", container));
        args.addAll(command);
        return args.toArray(String[]::new);
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
