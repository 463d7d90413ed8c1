package io.asrhub.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The alert rules pass {@code promtool check rules}, and every query of the Grafana dashboard is
 * valid PromQL (promtool checks them as recording rules, Grafana's variables filled in).
 */
class MonitoringFilesTest {
    private static final Path RULES = ExternalTool.REPO.resolve("deploy/prometheus/asr-hub-rules.yaml");
    private static final Path DASHBOARD = ExternalTool.REPO.resolve("deploy/grafana/asr-hub.json");

    @Test
    void alertRulesPassPromtool() throws Exception {
        ExternalTool.assumeInstalled("promtool", "prometheus");
        ExternalTool check = ExternalTool.run("promtool", "check", "rules", RULES.toString());
        assertEquals(0, check.exitCode(), check.output());
        String rules = Files.readString(RULES);
        for (String alert : List.of("AsrHubLaneLagGrowing", "AsrHubDeadLetterRateHigh", "AsrHubPoolSaturated",
                "AsrHubProviderBreakerOpen", "AsrHubWorkerNotReady")) {
            assertTrue(rules.contains("alert: " + alert), alert);
        }
    }

    @Test
    void composePrometheusConfigLoadsTheRules() throws Exception {
        ExternalTool.assumeInstalled("promtool", "prometheus");
        ExternalTool check = ExternalTool.run("promtool", "check", "config", "deploy/prometheus/prometheus.yml");
        assertEquals(0, check.exitCode(), check.output());
        assertTrue(check.output().contains("SUCCESS: 1 rule files found"), check.output());
    }

    @Test
    void promtoolRejectsABrokenExpressionSoTheCheckMeansSomething() throws Exception {
        ExternalTool.assumeInstalled("promtool", "prometheus");
        Path broken = Files.writeString(Files.createTempFile(Path.of("target").toAbsolutePath(), "broken", ".yaml"),
                "groups:\n  - name: x\n    rules:\n      - record: x:y\n        expr: sum by (lane (asr_lane_lag)\n");
        assertNotEquals(0, ExternalTool.run("promtool", "check", "rules", broken.toString()).exitCode());
    }

    @Test
    void everyDashboardQueryIsValidPromql() throws Exception {
        ExternalTool.assumeInstalled("promtool", "prometheus");
        JsonNode dashboard = new ObjectMapper().readTree(DASHBOARD.toFile());
        List<String> exprs = new ArrayList<>();
        for (JsonNode panel : dashboard.path("panels")) {
            assertFalse(panel.path("targets").isEmpty(), "panel without a query: " + panel.path("title"));
            for (JsonNode target : panel.path("targets")) {
                exprs.add(target.path("expr").asText());
            }
        }
        StringBuilder rules = new StringBuilder("groups:\n  - name: dashboard\n    rules:\n");
        for (int i = 0; i < exprs.size(); i++) {
            String promql = exprs.get(i).replace("$__rate_interval", "5m").replace("$lane", ".*")
                    .replace("$job", "asr-hub");
            assertFalse(promql.contains("$"), "unhandled Grafana variable in " + promql);
            rules.append("      - record: dashboard:q").append(i).append("\n        expr: '")
                    .append(promql.replace("'", "''")).append("'\n");
        }
        Path file = Files.writeString(Files.createTempFile(Path.of("target").toAbsolutePath(), "dashboard", ".yaml"),
                rules);
        ExternalTool check = ExternalTool.run("promtool", "check", "rules", file.toString());
        assertEquals(0, check.exitCode(), check.output() + "\n" + rules);
        assertTrue(check.output().contains("SUCCESS: " + exprs.size() + " rules found"), check.output());
    }
}
