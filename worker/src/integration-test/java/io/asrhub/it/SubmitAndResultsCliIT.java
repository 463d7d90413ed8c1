package io.asrhub.it;

import io.asrhub.cli.CliRun;
import io.asrhub.testsupport.Speech;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** `asr-hub submit --wait` and `asr-hub results` against a running worker, as a user runs them. */
@ExtendWith(SharedKafka.class)
class SubmitAndResultsCliIT {
    @Test
    void submitWaitsForTranscriptsAndResultsListsThem() throws Exception {
        try (WorkerHarness h = new WorkerHarness(SharedKafka.bootstrap(), Map.of())) {
            h.startWorker(1, "worker-cli");
            Path config = Files.createTempFile(Path.of("target"), "cli", ".yaml");
            Files.writeString(config, "topics:\n"
                    + "  small: " + h.settings.topics().small() + "\n"
                    + "  medium: " + h.settings.topics().medium() + "\n"
                    + "  large: " + h.settings.topics().large() + "\n"
                    + "  results: " + h.settings.topics().results() + "\n"
                    + "  dead-letters: " + h.settings.topics().deadLetters() + "\n");
            Path good = Speech.wav("short", Speech.SHORT);
            Path bad = Files.writeString(Path.of("target", "not-audio.wav"), "plain text");
            CliRun submit = CliRun.of("submit", good.toString(), bad.toString(), "--bootstrap",
                    h.settings.bootstrapServers(), "--config", config.toString(), "--wait", "--timeout", "60",
                    "--format", "json");
            assertEquals(1, submit.exitCode(), "one job failed: " + submit.out() + submit.err());
            assertTrue(submit.err().contains("-> " + h.settings.topics().small()), submit.err());
            assertTrue(submit.out().contains("\"status\":\"OK\""), submit.out());
            assertTrue(submit.out().contains("\"errorCode\":\"NOT_AUDIO\""), submit.out());

            CliRun results = CliRun.of("results", "--bootstrap", h.settings.bootstrapServers(), "--config",
                    config.toString());
            assertEquals(0, results.exitCode(), results.err());
            assertTrue(results.out().contains("[small] ") && results.out().contains("worker-cli"), results.out());
            CliRun letters = CliRun.of("results", "--dead-letters", "--bootstrap", h.settings.bootstrapServers(),
                    "--config", config.toString());
            assertTrue(letters.out().contains("FAILED NOT_AUDIO"), letters.out());
        }
    }
}
