package io.asrhub.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * k8s/ parsed strictly (fabric8's typed model, unknown fields rejected; KEDA's and the Prometheus
 * Operator's kinds against their CRD schemas with unknown fields closed off) and checked for the
 * relations that make autoscaling, shutdown, hardening, monitoring and credentials do what the
 * comments say.
 */
class K8sManifestsTest {
    private static final Path K8S = ExternalTool.REPO.resolve("k8s");
    private static List<JsonNode> workerDocs;
    private static JsonNode scaledObject;
    private static Deployment deployment;
    private static JsonNode workerConfig;
    private static PodDisruptionBudget disruptionBudget;

    @BeforeAll
    static void read() throws Exception {
        workerDocs = StrictManifests.documents(Files.readString(K8S.resolve("worker.yaml")));
        List<JsonNode> keda = StrictManifests.documents(Files.readString(K8S.resolve("keda-scaledobject.yaml")));
        assertEquals(1, keda.size());
        scaledObject = keda.get(0);
        for (JsonNode doc : workerDocs) {
            Object parsed = StrictManifests.parse(doc);
            if (parsed instanceof Deployment d) {
                deployment = d;
            } else if (parsed instanceof PodDisruptionBudget b) {
                disruptionBudget = b;
            } else if (parsed instanceof ConfigMap c) {
                workerConfig = StrictManifests.YAML.readTree(c.getData().get("worker.yaml"));
            }
        }
        assertNotNull(deployment, "k8s/worker.yaml has a Deployment");
        assertNotNull(workerConfig, "k8s/worker.yaml has the worker ConfigMap");
    }

    @Test
    void everyWorkerManifestParsesStrictlyAndATypoIsCaught() throws Exception {
        assertEquals(4, workerDocs.size(), "ConfigMap, PersistentVolumeClaim, Deployment, PodDisruptionBudget");
        ObjectNode typo = StrictManifests.copy(deploymentDoc());
        ObjectNode container = (ObjectNode) typo.at("/spec/template/spec/containers/0");
        container.set("readinesProbe", container.remove("readinessProbe"));
        assertThrows(Exception.class, () -> StrictManifests.parse(typo), "a misspelt field is rejected");
    }

    @Test
    void probesUseLivenessAndReadinessEndpointsWithAStartupProbe() {
        Container worker = workerContainer();
        assertEquals("/livez", worker.getLivenessProbe().getHttpGet().getPath());
        assertEquals("/readyz", worker.getReadinessProbe().getHttpGet().getPath());
        assertEquals("/livez", worker.getStartupProbe().getHttpGet().getPath());
        int startupSeconds = worker.getStartupProbe().getPeriodSeconds() * worker.getStartupProbe().getFailureThreshold();
        assertTrue(startupSeconds >= 120, "model load gets at least 2 minutes, has " + startupSeconds + " s");
    }

    @Test
    void terminationGraceCoversPreStopPlusWorkerShutdownGrace() {
        PodSpec pod = deployment.getSpec().getTemplate().getSpec();
        long shutdownGraceSeconds = workerConfig.path("worker").path("shutdown-grace-ms").asLong() / 1000;
        List<String> preStop = workerContainer().getLifecycle().getPreStop().getExec().getCommand();
        assertEquals("sleep", preStop.get(0));
        long preStopSeconds = Long.parseLong(preStop.get(1));
        // The worker waits up to shutdown grace + 15 s for its loop to commit and leave the group.
        assertTrue(pod.getTerminationGracePeriodSeconds() >= preStopSeconds + shutdownGraceSeconds + 15,
                "terminationGracePeriodSeconds " + pod.getTerminationGracePeriodSeconds() + " < preStop "
                        + preStopSeconds + " + shutdown grace " + shutdownGraceSeconds + " + 15");
    }

    @Test
    void podRunsAsTheImagesNumericNonRootUserWithTheModelOnAPersistentVolume() throws Exception {
        PodSpec pod = deployment.getSpec().getTemplate().getSpec();
        Matcher user = Pattern.compile("(?m)^USER (\\d+):(\\d+)$")
                .matcher(Files.readString(ExternalTool.REPO.resolve("Dockerfile")));
        assertTrue(user.find(), "the Dockerfile sets a numeric USER uid:gid");
        assertEquals(Long.parseLong(user.group(1)), pod.getSecurityContext().getRunAsUser());
        assertEquals(Long.parseLong(user.group(2)), pod.getSecurityContext().getRunAsGroup());
        assertTrue(pod.getSecurityContext().getRunAsNonRoot());
        var models = pod.getVolumes().stream().filter(v -> v.getName().equals("models")).findFirst().orElseThrow();
        assertNotNull(models.getPersistentVolumeClaim(), "the model is cached on a PVC, not pulled per pod");
        String pull = String.join(" ", pod.getInitContainers().get(0).getArgs());
        assertTrue(pull.contains("test -f /models/") && pull.contains("models pull"), "pulled only when missing: " + pull);
    }

    @Test
    void scaledObjectMatchesKedasSchemaAndATypoIsCaught() throws Exception {
        CrdSchema schema = new CrdSchema(CrdSchema.SCALED_OBJECT);
        assertEquals(List.of(), List.copyOf(schema.validate(scaledObject)));
        ObjectNode typo = StrictManifests.copy(scaledObject);
        ObjectNode advanced = (ObjectNode) typo.at("/spec/advanced");
        advanced.set("horizontalPodAutoscalerConfg", advanced.remove("horizontalPodAutoscalerConfig"));
        assertFalse(schema.validate(typo).isEmpty(), "a misspelt field fails KEDA's schema once closed off");
    }

    @Test
    void maxReplicasMatchLanePartitionsAndScaleInIsSlow() {
        // The lanes' default partitions (topics.partitions.lanes; `worker --create-topics` and `topics apply`).
        int partitions = io.asrhub.topics.TopicLayout.LANE_PARTITIONS.defaultValue();
        // KEDA's Kafka scaler caps each trigger at the topic's partition count (without allowIdleConsumers).
        assertEquals(partitions, scaledObject.at("/spec/maxReplicaCount").asInt());
        for (JsonNode trigger : scaledObject.at("/spec/triggers")) {
            assertEquals("kafka", trigger.path("type").asText());
            assertFalse(trigger.at("/metadata/allowIdleConsumers").asBoolean(false));
            assertEquals(workerConfig.at("/kafka/group-id").asText(), trigger.at("/metadata/consumerGroup").asText());
        }
        JsonNode scaleDown = scaledObject.at("/spec/advanced/horizontalPodAutoscalerConfig/behavior/scaleDown");
        long shutdownGraceSeconds = workerConfig.path("worker").path("shutdown-grace-ms").asLong() / 1000;
        assertTrue(scaleDown.path("stabilizationWindowSeconds").asLong() >= shutdownGraceSeconds);
        for (JsonNode policy : scaleDown.path("policies")) {
            assertEquals("Pods", policy.path("type").asText());
            assertEquals(1, policy.path("value").asInt(), "one pod at a time");
        }
        assertEquals(deployment.getMetadata().getName(), scaledObject.at("/spec/scaleTargetRef/name").asText());
    }

    @Test
    void podMeetsThePodSecurityRestrictedLevelWithOnlyTmpWritable() {
        PodSpec pod = deployment.getSpec().getTemplate().getSpec();
        assertEquals("RuntimeDefault", pod.getSecurityContext().getSeccompProfile().getType());
        assertTrue(pod.getSecurityContext().getRunAsNonRoot());
        var tmp = pod.getVolumes().stream().filter(v -> v.getName().equals("tmp")).findFirst().orElseThrow();
        assertNotNull(tmp.getEmptyDir(), "temp is an emptyDir");
        List<Container> all = new java.util.ArrayList<>(pod.getContainers());
        all.addAll(pod.getInitContainers());
        for (Container c : all) {
            var sc = c.getSecurityContext();
            assertEquals(Boolean.FALSE, sc.getAllowPrivilegeEscalation(), c.getName());
            assertEquals(Boolean.TRUE, sc.getReadOnlyRootFilesystem(), c.getName());
            assertEquals(List.of("ALL"), sc.getCapabilities().getDrop(), c.getName());
            assertTrue(sc.getCapabilities().getAdd() == null || sc.getCapabilities().getAdd().isEmpty(), c.getName());
            // java.io.tmpdir: native libraries are unpacked there, so it must be writable.
            assertTrue(c.getVolumeMounts().stream().anyMatch(m -> m.getName().equals("tmp")
                    && m.getMountPath().equals("/tmp")), c.getName() + " mounts the emptyDir on /tmp");
        }
    }

    @Test
    void disruptionBudgetAndTopologySpreadCoverTheWorkerPods() {
        Map<String, String> podLabels = deployment.getSpec().getTemplate().getMetadata().getLabels();
        assertNotNull(disruptionBudget, "k8s/worker.yaml has a PodDisruptionBudget");
        assertTrue(podLabels.entrySet().containsAll(disruptionBudget.getSpec().getSelector().getMatchLabels().entrySet()),
                "the budget selects the worker pods");
        // maxUnavailable, not minAvailable: with one replica minAvailable 1 would block every node drain.
        assertEquals(1, disruptionBudget.getSpec().getMaxUnavailable().getIntVal());
        assertNull(disruptionBudget.getSpec().getMinAvailable());
        var spread = deployment.getSpec().getTemplate().getSpec().getTopologySpreadConstraints();
        assertEquals(Set.of("topology.kubernetes.io/zone", "kubernetes.io/hostname"),
                spread.stream().map(c -> c.getTopologyKey()).collect(Collectors.toSet()));
        for (var constraint : spread) {
            assertTrue(podLabels.entrySet().containsAll(constraint.getLabelSelector().getMatchLabels().entrySet()));
            assertEquals("ScheduleAnyway", constraint.getWhenUnsatisfiable(), "a small cluster still schedules");
        }
    }

    @Test
    void podMonitorMatchesItsCrdAndScrapesTheWorkersAsTheRulesJob() throws Exception {
        JsonNode podMonitor = single(K8S.resolve("prometheus-operator/podmonitor.yaml"));
        CrdSchema schema = new CrdSchema(CrdSchema.POD_MONITOR);
        assertEquals(List.of(), List.copyOf(schema.validate(podMonitor)));
        ObjectNode typo = StrictManifests.copy(podMonitor);
        ObjectNode endpoint = (ObjectNode) typo.at("/spec/podMetricsEndpoints/0");
        endpoint.set("intervall", endpoint.remove("interval"));
        assertFalse(schema.validate(typo).isEmpty(), "a misspelt field fails the CRD schema once closed off");

        Map<String, String> podLabels = deployment.getSpec().getTemplate().getMetadata().getLabels();
        podMonitor.at("/spec/selector/matchLabels").properties()
                .forEach(e -> assertEquals(podLabels.get(e.getKey()), e.getValue().asText(), e.getKey()));
        JsonNode scrape = podMonitor.at("/spec/podMetricsEndpoints/0");
        assertEquals(workerContainer().getPorts().get(0).getName(), scrape.path("port").asText());
        JsonNode job = scrape.path("relabelings").get(0);
        assertEquals("job", job.path("targetLabel").asText());
        assertTrue(Files.readString(ExternalTool.REPO.resolve("deploy/prometheus/asr-hub-rules.yaml"))
                .contains("job=\"" + job.path("replacement").asText() + "\""), "the rules select the PodMonitor's job");
    }

    @Test
    void prometheusRuleMatchesItsCrdAndHoldsExactlyTheShippedRules() throws Exception {
        JsonNode rule = single(K8S.resolve("prometheus-operator/prometheusrule.yaml"));
        CrdSchema schema = new CrdSchema(CrdSchema.PROMETHEUS_RULE);
        assertEquals(List.of(), List.copyOf(schema.validate(rule)));
        ObjectNode typo = StrictManifests.copy(rule);
        ObjectNode alert = (ObjectNode) typo.at("/spec/groups/1/rules/0");
        alert.set("anotations", alert.remove("annotations"));
        assertFalse(schema.validate(typo).isEmpty(), "a misspelt field fails the CRD schema once closed off");
        JsonNode shipped = StrictManifests.YAML.readTree(ExternalTool.REPO.resolve("deploy/prometheus/asr-hub-rules.yaml")
                .toFile());
        assertEquals(shipped.path("groups"), rule.at("/spec/groups"),
                "out of date: scripts/prometheus-rule-manifest > k8s/prometheus-operator/prometheusrule.yaml");
    }

    @Test
    void kafkaCredentialsOneSecretServesTheWorkersAndKeda() throws Exception {
        List<JsonNode> docs = StrictManifests.documents(Files.readString(K8S.resolve("kafka-sasl/credentials.yaml")));
        Secret secret = (Secret) StrictManifests.parse(docs.get(0));
        JsonNode triggerAuth = docs.get(1);
        CrdSchema schema = new CrdSchema(CrdSchema.TRIGGER_AUTHENTICATION);
        assertEquals(List.of(), List.copyOf(schema.validate(triggerAuth)));
        ObjectNode typo = StrictManifests.copy(triggerAuth);
        ((ObjectNode) typo.path("spec")).set("secretTargetRefs", ((ObjectNode) typo.path("spec")).remove("secretTargetRef"));
        assertFalse(schema.validate(typo).isEmpty(), "a misspelt field fails the CRD schema once closed off");
        Set<String> keys = secret.getStringData().keySet();
        for (JsonNode ref : triggerAuth.at("/spec/secretTargetRef")) {
            assertEquals(secret.getMetadata().getName(), ref.path("name").asText());
            assertTrue(keys.contains(ref.path("key").asText()), ref.toString());
        }

        Deployment patch = StrictManifests.parse(StrictManifests.documents(
                Files.readString(K8S.resolve("kafka-sasl/worker-patch.yaml"))).get(0), Deployment.class);
        Container worker = patch.getSpec().getTemplate().getSpec().getContainers().get(0);
        assertEquals(workerContainer().getName(), worker.getName(), "the patch merges into the worker container");
        Set<String> clientSettings = new java.util.HashSet<>();
        for (var env : worker.getEnv()) {
            if (env.getValueFrom() != null) {
                var ref = env.getValueFrom().getSecretKeyRef();
                assertEquals(secret.getMetadata().getName(), ref.getName());
                assertTrue(keys.contains(ref.getKey()), ref.getKey());
            } else if (env.getName().startsWith("ASR_HUB_KAFKA_CLIENT_")) {
                clientSettings.add(env.getName());
            }
        }
        assertTrue(clientSettings.containsAll(Set.of("ASR_HUB_KAFKA_CLIENT_SECURITY_PROTOCOL",
                "ASR_HUB_KAFKA_CLIENT_SASL_JAAS_CONFIG")), clientSettings.toString());
        var caVolume = patch.getSpec().getTemplate().getSpec().getVolumes().get(0).getSecret();
        assertEquals(secret.getMetadata().getName(), caVolume.getSecretName());
        assertTrue(keys.contains(caVolume.getItems().get(0).getKey()));

        // The ScaledObject with the JSON patch applied: still valid, and every trigger uses the credentials.
        ObjectNode patched = StrictManifests.copy(scaledObject);
        for (JsonNode op : StrictManifests.YAML.readTree(K8S.resolve("kafka-sasl/scaledobject-patch.json").toFile())) {
            assertEquals("add", op.path("op").asText());
            String path = op.path("path").asText();
            ((ObjectNode) patched.at(path.substring(0, path.lastIndexOf('/'))))
                    .set(path.substring(path.lastIndexOf('/') + 1), op.path("value"));
        }
        assertEquals(List.of(), List.copyOf(new CrdSchema(CrdSchema.SCALED_OBJECT).validate(patched)));
        for (JsonNode trigger : patched.at("/spec/triggers")) {
            assertEquals(triggerAuth.at("/metadata/name").asText(), trigger.at("/authenticationRef/name").asText(),
                    trigger.toString());
        }
    }

    private static JsonNode single(Path file) throws Exception {
        List<JsonNode> docs = StrictManifests.documents(Files.readString(file));
        assertEquals(1, docs.size(), file.toString());
        return docs.get(0);
    }

    private static Container workerContainer() {
        return deployment.getSpec().getTemplate().getSpec().getContainers().stream()
                .filter(c -> c.getName().equals("worker")).findFirst().orElseThrow();
    }

    private static JsonNode deploymentDoc() {
        return workerDocs.stream().filter(d -> d.path("kind").asText().equals("Deployment")).findFirst().orElseThrow();
    }
}
