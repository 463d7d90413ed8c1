package io.asrhub.deploy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Runs a command-line validator (docker-compose, promtool, ...) the way CI has it installed. */
record ExternalTool(int exitCode, String output) {
    /** The repository root, seen from the worker module where Maven runs the tests. */
    static final Path REPO = Path.of("..").toAbsolutePath().normalize();

    /** Skips the calling test, with the reason, when {@code tool} is not installed. */
    static void assumeInstalled(String tool, String debianPackage) {
        boolean found = false;
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            found |= Path.of(dir, tool).toFile().canExecute();
        }
        assumeTrue(found, tool + " is not installed (apt-get install " + debianPackage + "; .ci/run installs it)");
    }

    static ExternalTool run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(new ArrayList<>(List.of(command))).directory(REPO.toFile())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException(String.join(" ", command) + " did not finish within 60 s: " + out);
        }
        return new ExternalTool(p.exitValue(), out);
    }
}
