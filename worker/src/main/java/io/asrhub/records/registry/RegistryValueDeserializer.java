package io.asrhub.records.registry;

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
 * is fetched there and then, retrying with backoff for up to {@link #UNREACHABLE_WAIT_MS} while the
 * registry does not answer. The worker does not use it: it must never wait inside {@code poll()},
 * and resolves ids in the background instead ({@code records.SchemaReadiness}).
 */
public final class RegistryValueDeserializer implements Deserializer<byte[]> {
    static final long UNREACHABLE_WAIT_MS = 60_000;

    private final SchemaLookups lookups;
    private final long waitMs;

    /** A reader that waits up to {@link #UNREACHABLE_WAIT_MS} for an unknown id; {@code registry} null: none. */
    public RegistryValueDeserializer(RegistryClient registry) {
        this(registry, UNREACHABLE_WAIT_MS);
    }

    RegistryValueDeserializer(RegistryClient registry, long waitMs) {
        this.lookups = registry == null ? null : new SchemaLookups(registry);
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
