package io.asrhub.cli;

import io.asrhub.testsupport.TinyWhisperModel;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * `asr-hub dev --keep-running` as a user runs it from a clone (the packaged jar, broker jars in
 * lib-dev/), stopped with SIGTERM: its broker child process must not outlive it.
 */
@org.junit.jupiter.api.Order(9) // among the longest: started first so that it does not end the run alone
class DevKeepRunningIT {
    @Test
    void sigtermStopsTheBrokerChildToo() throws Exception {
        Path jar = Path.of("target", "asr-hub.jar");
        assertTrue(Files.isRegularFile(jar), "run after `mvn package`: " + jar.toAbsolutePath());
        Path log = Files.createTempFile(Path.of("target"), "dev-keep-running", ".log");
        Process dev = new ProcessBuilder(io.asrhub.testsupport.ChildJvm.java("-jar", jar.toString(), "dev", "--keep-running", "--model", TinyWhisperModel.shared().toString(),
                "--data-dir", Path.of("target", "dev-keep-running").toString()))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        List<ProcessHandle> brokers = List.of();
        try {
            io.asrhub.testsupport.Await.until("dev up or exited",
                    () -> Files.readString(log).contains("Still running") || !dev.isAlive(), java.time.Duration.ofSeconds(120));
            assertTrue(Files.readString(log).contains("Still running"), Files.readString(log));
            brokers = dev.descendants().filter(p -> p.info().commandLine().orElse("").contains("kafka.Kafka")).toList();
            assertEquals(1, brokers.size(), "one broker child while running");

            dev.destroy(); // SIGTERM
            assertTrue(dev.waitFor(60, TimeUnit.SECONDS), "dev exits after SIGTERM: " + Files.readString(log));
            assertFalse(brokers.get(0).isAlive(), "the broker child stopped before dev exited");
        } finally {
            dev.destroyForcibly();
            brokers.forEach(ProcessHandle::destroyForcibly);
        }
    }
}
