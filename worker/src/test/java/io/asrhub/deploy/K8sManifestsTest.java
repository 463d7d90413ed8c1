package io.asrhub.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.asrhub.cli.Main;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * k8s/ parsed strictly (fabric8's typed model, unknown fields rejected; the ScaledObject against
 * KEDA's CRD schema with unknown fields closed off) and checked for the relations that make
 * autoscaling and shutdown do what the comments say.
 */
class K8sManifestsTest {
    private static final Path K8S = ExternalTool.REPO.resolve("k8s");
    private static List<JsonNode> workerDocs;
    private static JsonNode scaledObject;
    private static Deployment deployment;
    private static JsonNode workerConfig;

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
            } else if (parsed instanceof ConfigMap c) {
                workerConfig = StrictManifests.YAML.readTree(c.getData().get("worker.yaml"));
            }
        }
        assertNotNull(deployment, "k8s/worker.yaml has a Deployment");
        assertNotNull(workerConfig, "k8s/worker.yaml has the worker ConfigMap");
    }

    @Test
    void everyWorkerManifestParsesStrictlyAndATypoIsCaught() throws Exception {
        assertEquals(3, workerDocs.size(), "ConfigMap, PersistentVolumeClaim, Deployment");
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
        KedaSchema schema = new KedaSchema();
        assertEquals(List.of(), List.copyOf(schema.validate(scaledObject)));
        ObjectNode typo = StrictManifests.copy(scaledObject);
        ObjectNode advanced = (ObjectNode) typo.at("/spec/advanced");
        advanced.set("horizontalPodAutoscalerConfg", advanced.remove("horizontalPodAutoscalerConfig"));
        assertFalse(schema.validate(typo).isEmpty(), "a misspelt field fails KEDA's schema once closed off");
    }

    @Test
    void maxReplicasMatchLanePartitionsAndScaleInIsSlow() {
        String partitions = new CommandLine(new Main()).getSubcommands().get("worker").getCommandSpec()
                .findOption("--partitions").defaultValue();
        // KEDA's Kafka scaler caps each trigger at the topic's partition count (without allowIdleConsumers).
        assertEquals(Integer.parseInt(partitions), scaledObject.at("/spec/maxReplicaCount").asInt());
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

    private static Container workerContainer() {
        return deployment.getSpec().getTemplate().getSpec().getContainers().stream()
                .filter(c -> c.getName().equals("worker")).findFirst().orElseThrow();
    }

    private static JsonNode deploymentDoc() {
        return workerDocs.stream().filter(d -> d.path("kind").asText().equals("Deployment")).findFirst().orElseThrow();
    }
}
