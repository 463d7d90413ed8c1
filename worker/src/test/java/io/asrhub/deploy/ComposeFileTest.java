package io.asrhub.deploy;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** docker-compose.yml is validated by docker-compose itself (offline: `config` needs no engine). */
class ComposeFileTest {
    @Test
    void composeFileIsValidAndRunsTheImageEntrypointWithAWorkerCommand() throws Exception {
        ExternalTool.assumeInstalled("docker-compose", "docker-compose");
        ExternalTool config = ExternalTool.run("docker-compose", "-f", "docker-compose.yml", "config");
        assertEquals(0, config.exitCode(), config.output());
        assertTrue(config.output().contains("- worker\n    - --create-topics"), config.output());
        // The compose file builds the Dockerfile next to it; the stop grace must exceed the worker's.
        assertTrue(Files.isRegularFile(ExternalTool.REPO.resolve("Dockerfile")));
        assertTrue(config.output().contains("stop_grace_period: 45s"), config.output());
        assertTrue(config.output().contains("ASR_HUB_WORKER_SHUTDOWN_GRACE_MS: '30000'"), config.output());
    }

    @Test
    void monitoringProfileMountsTheShippedRulesAndDashboard() throws Exception {
        ExternalTool.assumeInstalled("docker-compose", "docker-compose");
        ExternalTool config = ExternalTool.run("docker-compose", "-f", "docker-compose.yml", "--profile", "monitoring",
                "config");
        assertEquals(0, config.exitCode(), config.output());
        assertTrue(config.output().contains(ExternalTool.REPO.resolve("deploy/prometheus") + ":/etc/prometheus:ro"),
                config.output());
        assertTrue(config.output().contains(ExternalTool.REPO.resolve("deploy/grafana/asr-hub.json")
                + ":/var/lib/grafana/dashboards/asr-hub.json:ro"), config.output());
    }
}
