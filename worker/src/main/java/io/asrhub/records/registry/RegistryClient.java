package io.asrhub.records.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.avro.Schema;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The two calls asr-hub needs from a schema registry's Confluent-compatible REST API (Confluent
 * Schema Registry, or Apicurio Registry under {@code /apis/ccompat/v7}): the schema of an id, and
 * the id of a schema registered under a subject. Schemas fetched by id are cached (bounded), so a
 * worker reading known ids never calls the registry again.
 */
public final class RegistryClient {
    /** Largest registry answer read: a schema is a few KiB; a bigger answer is not a usable schema. */
    static final int MAX_ANSWER_BYTES = 1024 * 1024;
    private static final int CACHED_SCHEMAS = 1024;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String baseUrl;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Map<Integer, Schema> byId = Collections.synchronizedMap(new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Integer, Schema> eldest) {
            return size() > CACHED_SCHEMAS;
        }
    });

    /** @param baseUrl the API root, e.g. {@code http://registry:8080/apis/ccompat/v7} */
    public RegistryClient(String baseUrl) {
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    }

    /** The Avro schema registered with {@code id}. */
    public Schema schemaById(int id) throws UnknownSchemaException, RegistryUnavailableException {
        Schema cached = byId.get(id);
        if (cached != null) {
            return cached;
        }
        JsonNode answer = call(HttpRequest.newBuilder(URI.create(baseUrl + "/schemas/ids/" + id)).GET(), id);
        String type = answer.path("schemaType").asText("AVRO");
        if (!"AVRO".equals(type) || !answer.path("schema").isTextual()) {
            throw new UnknownSchemaException("schema id " + id + " is not an Avro schema");
        }
        Schema schema;
        try {
            schema = new Schema.Parser().parse(answer.get("schema").asText());
        } catch (RuntimeException e) {
            throw new UnknownSchemaException("schema id " + id + " is not a valid Avro schema");
        }
        byId.put(id, schema);
        return schema;
    }

    /**
     * Registers {@code schema} under {@code subject} (or finds it there, registering is idempotent)
     * and returns its id. The subject's compatibility rule is the registry's to enforce.
     */
    public int register(String subject, Schema schema) throws UnknownSchemaException, RegistryUnavailableException {
        String body;
        try {
            body = JSON.writeValueAsString(Map.of("schema", schema.toString(), "schemaType", "AVRO"));
        } catch (IOException e) {
            throw new IllegalStateException("cannot write a JSON string", e);
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + "/subjects/" + subject + "/versions"))
                .header("Content-Type", "application/vnd.schemaregistry.v1+json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        JsonNode answer = call(request, -1);
        if (!answer.path("id").canConvertToInt()) {
            throw new RegistryUnavailableException("registry answered a registration without an id");
        }
        int id = answer.get("id").asInt();
        byId.putIfAbsent(id, schema);
        return id;
    }

    /**
     * One request. A 404 (or another 4xx) is the record's problem ({@link UnknownSchemaException});
     * no answer, a 5xx or an unreadable answer is the registry's ({@link RegistryUnavailableException}).
     */
    private JsonNode call(HttpRequest.Builder request, int id) throws UnknownSchemaException,
            RegistryUnavailableException {
        HttpResponse<InputStream> response;
        try {
            response = http.send(request.timeout(Duration.ofSeconds(10))
                    .header("Accept", "application/vnd.schemaregistry.v1+json, application/json").build(),
                    HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            throw new RegistryUnavailableException("schema registry unreachable: " + e.getClass().getSimpleName());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RegistryUnavailableException("interrupted while calling the schema registry");
        }
        try (InputStream in = response.body()) {
            byte[] bytes = in.readNBytes(MAX_ANSWER_BYTES + 1);
            int status = response.statusCode();
            if (status >= 400 && status < 500) {
                throw new UnknownSchemaException(id >= 0 ? "schema id " + id + " is unknown to the schema registry"
                        : "the schema registry refused the schema (HTTP " + status + ")");
            }
            if (status != 200) {
                throw new RegistryUnavailableException("schema registry answered HTTP " + status);
            }
            if (bytes.length > MAX_ANSWER_BYTES) {
                throw new UnknownSchemaException("the registry's answer for schema id " + id + " is too large");
            }
            return JSON.readTree(bytes);
        } catch (IOException e) {
            throw new RegistryUnavailableException("unreadable schema registry answer: " + e.getClass().getSimpleName());
        }
    }

    /** The record names a schema the registry does not have, or one that is not a usable Avro schema. */
    public static final class UnknownSchemaException extends Exception {
        UnknownSchemaException(String message) {
            super(message);
        }
    }

    /** The registry did not answer usably; trying again later may work. */
    public static final class RegistryUnavailableException extends Exception {
        RegistryUnavailableException(String message) {
            super(message);
        }
    }
}
