package io.asrhub.records.registry;

import io.asrhub.records.SchemaReadiness;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Lets every asr-hub reader take records in the schema-registry wire format as well as in Avro
 * single-object encoding, without the rest of the code knowing which arrived: a registry-framed
 * value ({@code 00} + schema id) whose writer schema the registry has, and which asr-hub can read,
 * is handed on with the equivalent single-object header instead (same body). Anything else is
 * handed on unchanged, so the codec dead-letters it as {@code MALFORMED_RECORD} with the reason;
 * a deserializer that threw would stop the partition at that record.
 *
 * <p>For readers with nothing else to do meanwhile ({@code results}, {@code status}): an unknown id
 * is fetched there and then, retrying with backoff for up to {@link SchemaReadiness#REGISTRY_WAIT} while the
 * registry does not answer. The worker does not use it: it must never wait inside {@code poll()},
 * and resolves ids in the background instead ({@code records.SchemaReadiness}).
 */
public final class RegistryValueDeserializer implements Deserializer<byte[]> {
    private final SchemaLookups lookups;
    private final long waitMs;

    /**
     * A reader that waits up to {@link SchemaReadiness#REGISTRY_WAIT} for an unknown id.
     * @param lookups the record format's (shared by its readers); null: no registry configured
     */
    public RegistryValueDeserializer(SchemaLookups lookups) {
        this(lookups, SchemaReadiness.REGISTRY_WAIT.toMillis());
    }

    RegistryValueDeserializer(SchemaLookups lookups, long waitMs) {
        this.lookups = lookups;
        this.waitMs = waitMs;
    }

    @Override
    public byte[] deserialize(String topic, byte[] data) {
        if (!RegistryWireFormat.isFramed(data)) {
            return data;
        }
        int id = RegistryWireFormat.schemaId(data);
        if (lookups == null || id <= 0) {
            return data; // no registry, or no valid id: the codec says so in the dead letter
        }
        byte[] header = lookups.await(topic, id, waitMs);
        return header == null ? data : RegistryWireFormat.reframe(header, data);
    }
}
