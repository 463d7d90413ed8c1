package io.asrhub.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

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

    /**
     * A Docker-only user fills the models volume with the image itself, and a worker started before the
     * model is there comes back by itself; the healthcheck probes /livez with tools the image has
     * (ImageIT runs that exact command inside the built image).
     */
    @Test
    void workerRestartsHasAHealthcheckAndTheDocumentedPullWritesItsModelVolume() throws Exception {
        String compose = Files.readString(ExternalTool.REPO.resolve("docker-compose.yml"));
        assertTrue(compose.contains("#   docker compose run --rm --no-deps worker models pull tiny.en\n"), compose);
        JsonNode worker = StrictManifests.YAML.readTree(compose).at("/services/worker");
        assertEquals("unless-stopped", worker.path("restart").asText());
        String models = worker.path("volumes").get(0).asText();
        assertTrue(models.startsWith("models:/models") && !models.endsWith(":ro"),
                "a named volume the pull can write: " + models);
        List<String> test = new ArrayList<>();
        worker.at("/healthcheck/test").forEach(t -> test.add(t.asText()));
        assertEquals("CMD", test.get(0));
        assertTrue(test.get(test.size() - 1).contains("/livez"), test.toString());
        assertTrue(test.stream().noneMatch(t -> t.contains("curl") || t.contains("wget")), "the image has neither");
        assertTrue(worker.at("/healthcheck/start_period").asText().endsWith("m"), "model load gets minutes");

        ExternalTool.assumeInstalled("docker-compose", "docker-compose");
        ExternalTool config = ExternalTool.run("docker-compose", "-f", "docker-compose.yml", "config");
        assertEquals(0, config.exitCode(), config.output());
        assertTrue(config.output().contains("restart: unless-stopped"), config.output());
        assertTrue(config.output().contains("volumes:\n  models: {}"), config.output());
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
