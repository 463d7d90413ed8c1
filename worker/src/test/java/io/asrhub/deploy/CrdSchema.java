package io.asrhub.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonMetaSchema;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.Keyword;
import com.networknt.schema.NonValidationKeyword;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

import java.io.IOException;
import java.io.InputStream;
import java.util.Set;
import java.util.stream.Stream;

/**
 * A custom resource's CRD schema (KEDA's, the Prometheus Operator's: copied into test resources with
 * attribution, see resources/kubernetes/README.md) as a JSON Schema that, unlike the API server's
 * default pruning, rejects unknown fields: every object schema that lists its properties gets
 * {@code additionalProperties: false}, so a misspelt {@code horizontalPodAutoscalerConfig} fails
 * instead of being silently dropped.
 */
final class CrdSchema {
    static final String SCALED_OBJECT = "keda.sh_scaledobjects.yaml";
    static final String TRIGGER_AUTHENTICATION = "keda.sh_triggerauthentications.yaml";
    static final String POD_MONITOR = "monitoring.coreos.com_podmonitors.yaml";
    static final String PROMETHEUS_RULE = "monitoring.coreos.com_prometheusrules.yaml";

    private final JsonSchema schema;

    CrdSchema(String crdFile) throws IOException {
        try (InputStream in = CrdSchema.class.getResourceAsStream("/kubernetes/" + crdFile)) {
            if (in == null) {
                throw new IOException("no CRD /kubernetes/" + crdFile + " in test resources");
            }
            JsonNode crd = StrictManifests.YAML.readTree(in);
            JsonNode openApi = crd.path("spec").path("versions").get(0).path("schema").path("openAPIV3Schema").deepCopy();
            closeOff(openApi);
            // Kubernetes' extensions carry no JSON Schema meaning; x-kubernetes-validations are CEL rules
            // the API server evaluates and this check cannot.
            JsonMetaSchema meta = JsonMetaSchema.builder(JsonMetaSchema.getV4())
                    .keywords(Stream.of("x-kubernetes-list-type", "x-kubernetes-list-map-keys",
                                    "x-kubernetes-int-or-string", "x-kubernetes-validations",
                                    "x-kubernetes-preserve-unknown-fields", "x-kubernetes-map-type")
                            .map(NonValidationKeyword::new).map(k -> (Keyword) k).toList())
                    .build();
            schema = JsonSchemaFactory.builder(JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4))
                    .metaSchema(meta).defaultMetaSchemaIri(meta.getIri()).build().getSchema(openApi);
        }
    }

    Set<ValidationMessage> validate(JsonNode resource) {
        return schema.validate(resource);
    }

    private static void closeOff(JsonNode node) {
        if (node instanceof ObjectNode object) {
            if (object.has("properties") && !object.has("additionalProperties")
                    && !object.path("x-kubernetes-preserve-unknown-fields").asBoolean(false)) {
                object.put("additionalProperties", false);
            }
            object.properties().forEach(e -> closeOff(e.getValue()));
        } else if (node != null && node.isArray()) {
            node.forEach(CrdSchema::closeOff);
        }
    }
}
