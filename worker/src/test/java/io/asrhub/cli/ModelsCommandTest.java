package io.asrhub.cli;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ModelsCommandTest {
    @Test
    void unknownModelNameListsTheKnownOnes() {
        CliRun run = CliRun.of("models", "pull", "huge.xx");
        assertEquals(2, run.exitCode());
        assertTrue(run.err().contains("unknown model 'huge.xx'") && run.err().contains("tiny.en"), run.err());
    }

    @Test
    void listShowsCatalogueWithSizes() {
        CliRun run = CliRun.of("models", "list");
        assertEquals(0, run.exitCode());
        assertTrue(run.out().contains("tiny.en") && run.out().contains("77 MB"), run.out());
    }
}
