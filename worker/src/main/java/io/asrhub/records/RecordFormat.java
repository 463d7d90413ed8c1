package io.asrhub.records;

import io.asrhub.config.Definition;
import io.asrhub.config.Settings;
import io.asrhub.errors.AsrException;
import io.asrhub.errors.ErrorCode;
import io.asrhub.records.registry.RegistryClient;
import io.asrhub.records.registry.RegistryValueDeserializer;
import io.asrhub.records.registry.RegistryValueSerializer;
import io.asrhub.records.registry.SchemaLookups;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;

import java.net.URI;
import java.util.Locale;

/**
 * How record values travel ({@code records.format}, {@code records.registry.url};
 * docs/schemas.md, "Schema registry"). The code that builds and reads records always works in
 * single-object encoding; the Kafka clients' value (de)serializers made here translate at the
 * edge, so nothing else knows which format is in use. Reading accepts both formats whatever
 * {@code records.format} says (the first byte tells them apart); the format decides what is written.
 */
public final class RecordFormat {
    /** What the worker and {@code submit} write. */
    public enum Written { SINGLE_OBJECT, REGISTRY }

    public static final Definition<String> FORMAT = Definition.choice("records.format", "single-object",
            "what the worker and submit write: single-object (Avro single-object encoding) or registry"
                    + " (schema-registry wire format, schemas under <topic>-value)", "single-object", "registry");
    public static final Definition<String> REGISTRY_URL = Definition.string("records.registry.url", null,
            "Confluent-compatible schema registry API root, e.g. http://registry:8080/apis/ccompat/v7;"
                    + " needed to write, and to read, the registry wire format");
    public static final java.util.List<Definition<?>> DEFINITIONS = java.util.List.of(FORMAT, REGISTRY_URL);

    public static final RecordFormat SINGLE_OBJECT = new RecordFormat(Written.SINGLE_OBJECT, null);

    private final Written written;
    private final RegistryClient registry;
    /** Shared by this format's readers: each schema id is fetched once per process. */
    private final SchemaLookups lookups;

    private RecordFormat(Written written, RegistryClient registry) {
        this.written = written;
        this.registry = registry;
        this.lookups = registry == null ? null : new SchemaLookups(registry);
    }

    public static RecordFormat read(Settings s) throws AsrException {
        String format = s.get(FORMAT);
        String url = s.get(REGISTRY_URL);
        Written written = switch (format) {
            case "single-object" -> Written.SINGLE_OBJECT;
            case "registry" -> Written.REGISTRY;
            default -> throw new AsrException(ErrorCode.CONFIG_INVALID, FORMAT.name()
                    + " must be single-object or registry, not '" + format + "'");
        };
        if (url == null || url.isBlank()) {
            if (written == Written.REGISTRY) {
                throw new AsrException(ErrorCode.CONFIG_INVALID, FORMAT.name()
                        + ": registry needs " + REGISTRY_URL.name());
            }
            return SINGLE_OBJECT;
        }
        return of(written, url.trim());
    }

    /** A format with a registry at {@code url} (the Confluent-compatible API root). */
    public static RecordFormat of(Written written, String url) throws AsrException {
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            uri = null;
        }
        if (uri == null || !("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))) {
            throw new AsrException(ErrorCode.CONFIG_INVALID, REGISTRY_URL.name()
                    + " must be an http(s) URL, e.g. http://registry:8080/apis/ccompat/v7");
        }
        return new RecordFormat(written, new RegistryClient(url));
    }

    public Written written() {
        return written;
    }

    /** For producers: rewrites values into the registry wire format in registry mode, else passes them on. */
    public Serializer<byte[]> valueSerializer() {
        return written == Written.REGISTRY ? new RegistryValueSerializer(registry) : new ByteArraySerializer();
    }

    /**
     * For readers that may wait (the CLI): registry-framed values become single-object ones (when a
     * registry is configured), fetching an unknown schema id there and then.
     */
    public Deserializer<byte[]> valueDeserializer() {
        return new RegistryValueDeserializer(lookups);
    }

    /**
     * For the worker's consumers: values exactly as written, in either format. Nothing waits for the
     * registry inside {@code poll()}; the worker asks {@link #readiness()} when it takes a record,
     * and a dead letter keeps the record's value byte for byte.
     */
    public Deserializer<byte[]> workerValueDeserializer() {
        return new org.apache.kafka.common.serialization.ByteArrayDeserializer();
    }

    /** Whether a fetched value can be decoded now (see {@link SchemaReadiness}). */
    public SchemaReadiness readiness() {
        return lookups == null ? SchemaReadiness.IMMEDIATE : lookups::readyValue;
    }

    @Override
    public String toString() {
        return written == Written.REGISTRY ? "registry" : "single-object" + (registry == null ? "" : " (reads registry)");
    }
}
