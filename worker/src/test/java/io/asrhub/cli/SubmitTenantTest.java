package io.asrhub.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** `submit --tenant` refuses a name workers would dead-letter, before it contacts any broker. */
class SubmitTenantTest {
    @Test
    void anOverlongTenantIsAUsageErrorNotAPublishedJob(@TempDir Path dir) throws Exception {
        Path clip = Files.write(dir.resolve("clip.wav"), new byte[]{1, 2, 3});
        CliRun run = CliRun.of("submit", clip.toString(), "--tenant", "t".repeat(65),
                "--bootstrap", "no-such-host.invalid:9092");
        assertEquals(2, run.exitCode(), run.err());
        assertTrue(run.err().contains("--tenant has 65 characters, more than the 64 allowed"), run.err());
    }
}
