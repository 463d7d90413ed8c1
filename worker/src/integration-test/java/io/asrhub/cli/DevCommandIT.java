package io.asrhub.cli;

import io.asrhub.testsupport.TinyWhisperModel;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The README's first quick-start command, end to end: own broker, worker, bundled samples. */
class DevCommandIT {
    @Test
    void devTranscribesTheBundledSamplesThroughItsOwnBroker() throws Exception {
        CliRun run = CliRun.of("dev", "--model", TinyWhisperModel.shared().toString(), "--format", "json");
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.err().contains("Kafka broker on 127.0.0.1:"), run.err());
        String[] lines = run.out().strip().split("\n");
        assertEquals(2, lines.length, run.out());
        for (String line : lines) {
            assertTrue(line.contains("\"status\":\"OK\"") && line.contains("\"lane\":\"small\""), line);
        }
    }
}
