package io.asrhub.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The alert rules pass {@code promtool check rules} and their unit tests ({@code promtool test rules}),
 * which show every alert firing and not firing; every alert links a runbook in docs/operations.md; and
 * every query of the Grafana dashboard is valid PromQL (promtool checks them as recording rules,
 * Grafana's variables filled in).
 */
class MonitoringFilesTest {
    private static final Path RULES = ExternalTool.REPO.resolve("deploy/prometheus/asr-hub-rules.yaml");
    private static final Path DASHBOARD = ExternalTool.REPO.resolve("deploy/grafana/asr-hub.json");
    private static final Path RULE_TESTS = ExternalTool.REPO.resolve("deploy/prometheus/asr-hub-rules.test.yaml");
    private static final Path OPERATIONS = ExternalTool.REPO.resolve("docs/operations.md");
    /** Has its rule test in deploy/prometheus/tests/pool-saturation.test.yaml and its runbook in docs/pool.md. */
    private static final Set<String> OWNED_ELSEWHERE = Set.of("AsrHubPoolSaturated");

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
    void alertRuleUnitTestsPass() throws Exception {
        ExternalTool.assumeInstalled("promtool", "prometheus");
        ExternalTool test = ExternalTool.run("promtool", "test", "rules", RULE_TESTS.toString());
        assertEquals(0, test.exitCode(), test.output());
        assertTrue(test.output().contains("SUCCESS"), test.output());
    }

    @Test
    void everyAlertIsShownFiringAndNotFiring() throws Exception {
        Set<String> firing = new TreeSet<>();
        Set<String> silent = new TreeSet<>();
        for (JsonNode test : StrictManifests.YAML.readTree(RULE_TESTS.toFile()).path("tests")) {
            for (JsonNode check : test.path("alert_rule_test")) {
                (check.path("exp_alerts").isEmpty() ? silent : firing).add(check.path("alertname").asText());
            }
        }
        for (String alert : alerts().keySet()) {
            if (!OWNED_ELSEWHERE.contains(alert)) {
                assertTrue(firing.contains(alert), alert + " is never shown firing in " + RULE_TESTS);
                assertTrue(silent.contains(alert), alert + " is never shown silent in " + RULE_TESTS);
            }
        }
    }

    @Test
    void everyAlertLinksARunbookSectionOfTheOperationsDoc() throws Exception {
        Map<String, String> sections = markdownSections(Files.readString(OPERATIONS));
        alerts().forEach((alert, rule) -> {
            if (OWNED_ELSEWHERE.contains(alert)) {
                return;
            }
            String url = rule.at("/annotations/runbook_url").asText();
            assertTrue(url.startsWith("docs/operations.md#"), alert + ": runbook_url " + url);
            String runbook = sections.get(url.substring(url.indexOf('#') + 1));
            assertNotNull(runbook, alert + ": no section " + url + " in docs/operations.md");
            for (String part : List.of("What it means", "What to check", "What to do")) {
                assertTrue(runbook.contains(part), alert + "'s runbook lacks \"" + part + "\"");
            }
        });
    }

    @Test
    void notLiveAlertFiresBeforeTheLivenessProbeRestartsThePod() throws Exception {
        Container worker = null;
        for (JsonNode doc : StrictManifests.documents(Files.readString(ExternalTool.REPO.resolve("k8s/worker.yaml")))) {
            if (StrictManifests.parse(doc) instanceof Deployment d) {
                worker = d.getSpec().getTemplate().getSpec().getContainers().get(0);
            }
        }
        assertNotNull(worker);
        long restartAfterSeconds = (long) worker.getLivenessProbe().getPeriodSeconds()
                * worker.getLivenessProbe().getFailureThreshold();
        String forClause = alerts().get("AsrHubWorkerNotLive").path("for").asText();
        assertTrue(forClause.matches("\\d+s"), "for: in seconds, was " + forClause);
        long forSeconds = Long.parseLong(forClause.substring(0, forClause.length() - 1));
        // One scrape interval (15 s) for the first not-live sample to arrive, one evaluation to fire.
        assertTrue(forSeconds + 30 <= restartAfterSeconds, "for: " + forClause + " vs restart after "
                + restartAfterSeconds + " s");
    }

    private static Map<String, JsonNode> alerts() throws Exception {
        Map<String, JsonNode> alerts = new LinkedHashMap<>();
        for (JsonNode group : StrictManifests.YAML.readTree(RULES.toFile()).path("groups")) {
            for (JsonNode rule : group.path("rules")) {
                if (rule.has("alert")) {
                    alerts.put(rule.path("alert").asText(), rule);
                }
            }
        }
        return alerts;
    }

    /** Markdown sections by their heading's anchor (GitHub's rule: lower case, spaces to '-', no punctuation). */
    static Map<String, String> markdownSections(String markdown) {
        Map<String, String> sections = new LinkedHashMap<>();
        String anchor = null;
        StringBuilder body = new StringBuilder();
        boolean inCode = false;
        for (String line : (markdown + "\n# end").split("\n")) {
            inCode ^= line.startsWith("```");
            if (line.startsWith("#") && !inCode) {
                if (anchor != null) {
                    sections.put(anchor, body.toString());
                }
                anchor = line.replaceFirst("^#+\\s*", "").toLowerCase(java.util.Locale.ROOT)
                        .replaceAll("[^a-z0-9 _-]", "").replace(' ', '-');
                body.setLength(0);
            } else {
                body.append(line).append('\n');
            }
        }
        return sections;
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
