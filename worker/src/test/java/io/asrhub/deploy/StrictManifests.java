package io.asrhub.deploy;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.introspect.Annotated;
import com.fasterxml.jackson.databind.introspect.JacksonAnnotationIntrospector;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Kubernetes manifests read into fabric8's typed model with unknown fields rejected. fabric8's
 * classes catch every unknown field in an "additionalProperties" map (@JsonAnySetter), which would
 * hide a misspelt {@code readinessProbe}; switching the any-setter off makes such a typo an error.
 */
final class StrictManifests {
    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Map<String, Class<?>> KINDS = Map.of("ConfigMap", ConfigMap.class,
            "PersistentVolumeClaim", PersistentVolumeClaim.class, "Deployment", Deployment.class,
            "PodDisruptionBudget", PodDisruptionBudget.class, "Secret", Secret.class);
    private static final ObjectMapper STRICT = new ObjectMapper(new YAMLFactory())
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true)
            .setAnnotationIntrospector(new JacksonAnnotationIntrospector() {
                @Override
                public Boolean hasAnySetter(Annotated a) {
                    return Boolean.FALSE;
                }
            });

    private StrictManifests() {
    }

    /** Every document of a multi-document YAML file, as trees. */
    static List<JsonNode> documents(String yaml) throws IOException {
        List<JsonNode> docs = new ArrayList<>();
        try (YAMLParser parser = ((YAMLFactory) YAML.getFactory()).createParser(yaml)) {
            for (var it = YAML.readValues(parser, JsonNode.class); it.hasNext(); ) {
                JsonNode doc = it.next();
                if (doc != null && !doc.isMissingNode() && !doc.isNull()) {
                    docs.add(doc);
                }
            }
        }
        return docs;
    }

    /** The typed object for a document; throws on an unknown kind or any unknown field. */
    static Object parse(JsonNode doc) throws IOException {
        String kind = doc.path("kind").asText();
        Class<?> type = KINDS.get(kind);
        if (type == null) {
            throw new IllegalArgumentException("no strict model registered for kind " + kind);
        }
        return STRICT.treeToValue(doc, type);
    }

    /** A document as {@code type} whatever its kind (a patch carries none); unknown fields still throw. */
    static <T> T parse(JsonNode doc, Class<T> type) throws IOException {
        return STRICT.treeToValue(doc, type);
    }

    static ObjectNode copy(JsonNode doc) {
        return (ObjectNode) doc.deepCopy();
    }
}
