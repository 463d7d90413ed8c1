package io.asrhub.it;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The podman CLI as .ci/build-image uses it on machines without Docker: a containers.conf with
 * {@code default_ulimits = []} (sandboxed machines refuse the runtime's rlimit calls) and runc where it
 * is installed (crun refuses a hybrid cgroup hierarchy).
 */
final class Podman {
    /** The image .ci/build-image tags; {@code -Dasr-hub.image=...} or ASR_HUB_IMAGE to test another. */
    static final String IMAGE = System.getProperty("asr-hub.image",
            System.getenv().getOrDefault("ASR_HUB_IMAGE", "localhost/asr-hub:ci"));

    record Result(int exitCode, String output) {
    }

    private final Path config;

    private Podman(Path config) {
        this.config = config;
    }

    /** Skips the calling test, with the reason, without podman or without the built image. */
    static Podman requireImage() throws IOException, InterruptedException {
        assumeTrue(onPath("podman"), "podman is not installed (apt-get install podman; .ci/run installs it)");
        Path conf = Files.createTempFile(Path.of("target").toAbsolutePath(), "containers", ".conf");
        Files.writeString(conf, "[containers]\ndefault_ulimits = []\n"
                + (onPath("runc") ? "[engine]\nruntime = \"runc\"\n" : ""));
        Podman podman = new Podman(conf);
        assumeTrue(podman.run("image", "exists", IMAGE).exitCode() == 0,
                "image " + IMAGE + " is not built (.ci/build-image builds it; .ci/run prints why it failed)");
        return podman;
    }

    /** A podman command line whose process the caller starts and owns (e.g. a foreground `podman run`). */
    ProcessBuilder command(List<String> args) {
        List<String> command = new ArrayList<>(List.of("podman"));
        command.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().put("CONTAINERS_CONF", config.toString());
        return pb;
    }

    Result run(String... args) throws IOException, InterruptedException {
        Process p = command(List.of(args)).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("podman " + String.join(" ", args) + " did not finish within 120 s: " + out);
        }
        return new Result(p.exitValue(), out);
    }

    private static boolean onPath(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (Path.of(dir, tool).toFile().canExecute()) {
                return true;
            }
        }
        return false;
    }
}
