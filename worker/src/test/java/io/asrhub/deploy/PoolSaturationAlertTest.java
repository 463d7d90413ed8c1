package io.asrhub.deploy;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code promtool test rules}: AsrHubPoolSaturated fires on a saturated worker and only there. */
class PoolSaturationAlertTest {
    private static final Path TEST = ExternalTool.REPO.resolve("deploy/prometheus/tests/pool-saturation.test.yaml");

    @Test
    void theSaturationAlertFiresOnTheWorkerWithABacklogAtCapacity() throws Exception {
        ExternalTool.assumeInstalled("promtool", "prometheus");
        ExternalTool run = ExternalTool.run("promtool", "test", "rules", TEST.toString());
        assertEquals(0, run.exitCode(), run.output());
    }

    @Test
    void theRuleTestFailsWhenItExpectsTheAlertOnAWorkerWithSpareCapacity() throws Exception {
        ExternalTool.assumeInstalled("promtool", "prometheus");
        Path copy = Files.createTempFile(Path.of("target").toAbsolutePath(), "wrong-worker", ".test.yaml");
        Files.writeString(copy, Files.readString(TEST)
                .replace("../asr-hub-rules.yaml", TEST.getParent().resolve("../asr-hub-rules.yaml").normalize().toString())
                .replace("instance: w1", "instance: w2").replace("asr-hub w1 pool", "asr-hub w2 pool"));
        ExternalTool run = ExternalTool.run("promtool", "test", "rules", copy.toString());
        assertNotEquals(0, run.exitCode(), run.output());
        assertTrue(run.output().contains("AsrHubPoolSaturated"), run.output());
    }
}
