package io.asrhub.it;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** An example program run as a user runs it: its exit code and everything it printed. */
record ExampleRun(int exitCode, String output) {
    static ExampleRun of(List<String> command, Path dir) throws Exception {
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(150, TimeUnit.SECONDS)) {
            p.destroyForcibly();
        }
        return new ExampleRun(p.waitFor(), new String(out, StandardCharsets.UTF_8));
    }
}
