package io.asrhub.cli;

import io.asrhub.kafka.BrokerProbe;
import io.asrhub.kafka.KafkaUnreachableException;
import io.asrhub.testsupport.TinyWhisperModel;
import org.junit.jupiter.api.Test;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A wrong or unreachable bootstrap address and a busy metrics port end with one {@code error:} line
 * and a documented exit code, never a stack trace or a minute of silence.
 */
@org.junit.jupiter.api.parallel.Execution(org.junit.jupiter.api.parallel.ExecutionMode.CONCURRENT) // mostly waits
class SetupErrorsTest {
    /**
     * Without configuration a command waits the documented 15 s; the error states that time in seconds.
     * Checked without waiting 15 s: the default as the commands load it, and the message for a whole
     * number of seconds (submit's behaviour against a closed port is checked with a short timeout below).
     */
    @Test
    void theDefaultConnectTimeoutIsFifteenSecondsAndTheErrorSaysSo() throws Exception {
        assertEquals(java.time.Duration.ofSeconds(15), ConfigFiles.load(null).get(io.asrhub.config.ConfigKeys.CONNECT_TIMEOUT_MS),
                "kafka.connect-timeout-ms default (README, docs/configuration.md)");
        String address = "127.0.0.1:" + closedPort();
        io.asrhub.kafka.WorkerSettings ws = io.asrhub.kafka.WorkerSettings.read(
                ConfigFiles.load(null).with("kafka.bootstrap-servers", address));
        long start = System.nanoTime();
        KafkaUnreachableException e = org.junit.jupiter.api.Assertions.assertThrows(KafkaUnreachableException.class,
                () -> BrokerProbe.requireReachable(ws, java.time.Duration.ofSeconds(1)));
        long millis = (System.nanoTime() - start) / 1_000_000L;
        assertTrue(e.getMessage().contains("no Kafka broker answered at " + address + " within 1 s"), e.getMessage());
        assertTrue(millis < 6_000, "a 1 s connect timeout took " + millis + " ms");
    }

    @Test
    void submitResultsRouterAndCreateTopicsGiveUpWithinAConfiguredTimeout() throws Exception {
        String address = "127.0.0.1:" + closedPort();
        Path config = Files.writeString(Path.of("target", "connect-timeout.yaml"),
                "kafka:\n  connect-timeout-ms: 1500\n");
        Path audio = Files.write(Path.of("target", "unreachable.wav"), new byte[]{1, 2, 3});
        List<String[]> commands = List.of(
                new String[]{"submit", audio.toString(), "--bootstrap", address, "--config", config.toString()},
                new String[]{"results", "--bootstrap", address, "--config", config.toString()},
                new String[]{"router", "--bootstrap", address, "--config", config.toString()},
                new String[]{"worker", "--create-topics", "--bootstrap", address, "--config", config.toString(),
                        "--model", TinyWhisperModel.shared().toString()});
        for (String[] args : commands) {
            long start = System.nanoTime();
            CliRun run = CliRun.of(args);
            long millis = (System.nanoTime() - start) / 1_000_000L;
            assertUnreachable(run, address);
            assertTrue(run.err().contains("within 1500 ms"), run.err());
            assertTrue(millis < 8_000, args[0] + " took " + millis + " ms with a 1.5 s connect timeout");
        }
    }

    @Test
    void statusFailsTheSameWayAndRefusesFormatsItCannotPrint() throws Exception {
        String address = "127.0.0.1:" + closedPort();
        Path config = Files.writeString(Path.of("target", "status-timeout.yaml"),
                "kafka:\n  connect-timeout-ms: 1500\n");
        CliRun run = CliRun.of("status", "some-job", "--bootstrap", address, "--config", config.toString());
        assertUnreachable(run, address);
        assertTrue(run.err().contains("within 1500 ms"), run.err());

        CliRun srt = CliRun.of("status", "some-job", "--format", "srt", "--bootstrap", address);
        assertEquals(2, srt.exitCode(), srt.err());
        assertTrue(srt.err().contains("--format must be text or json"), srt.err());
    }

    @Test
    void anUnresolvableHostIsNamedToo() {
        CliRun run = CliRun.of("results", "--bootstrap", "no-such-host.invalid:9092");
        assertUnreachable(run, "no-such-host.invalid:9092");
    }

    @Test
    void aBusyMetricsPortIsOneErrorLineNotABindExceptionTrace() throws Exception {
        try (ServerSocket busy = new ServerSocket(0)) {
            Path config = Files.writeString(Path.of("target", "busy-metrics.yaml"),
                    "metrics:\n  port: " + busy.getLocalPort() + "\n");
            CliRun run = CliRun.of("worker", "--config", config.toString(), "--model",
                    TinyWhisperModel.shared().toString());
            assertEquals(ExitCodes.SETUP_FAILED, run.exitCode(), run.err());
            assertOneErrorLine(run);
            assertTrue(run.err().contains("metrics port " + busy.getLocalPort() + " is already in use"), run.err());
        }
    }

    private static void assertUnreachable(CliRun run, String address) {
        assertEquals(ExitCodes.KAFKA_UNREACHABLE, run.exitCode(), run.err());
        assertOneErrorLine(run);
        assertTrue(run.err().contains(address), "the error names the address: " + run.err());
    }

    private static void assertOneErrorLine(CliRun run) {
        List<String> lines = run.err().strip().lines().toList();
        assertEquals(1, lines.size(), "exactly one line on stderr: " + run.err());
        assertTrue(lines.get(0).startsWith("error: "), run.err());
    }

    /** A port nobody listens on: bound, then released. */
    private static int closedPort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
