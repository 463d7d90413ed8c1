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
 * <p>A waiting reader ({@code results}, {@code status}) fetches an unknown id there and then,
 * retrying with backoff for up to {@link #UNREACHABLE_WAIT_MS} while the registry does not answer.
 * The worker's readers never wait inside {@code poll()}: an id not yet known is handed on still
 * framed and fetched in the background, and the worker holds that record back until the id is known
 * ({@code records.SchemaReadiness}).
 */
public final class RegistryValueDeserializer implements Deserializer<byte[]> {
    static final long UNREACHABLE_WAIT_MS = 60_000;

    private final SchemaLookups lookups;
    private final long waitMs;

    /** A reader that waits up to {@link #UNREACHABLE_WAIT_MS} for an unknown id; {@code registry} null: none. */
    public RegistryValueDeserializer(RegistryClient registry) {
        this(registry == null ? null : new SchemaLookups(registry), UNREACHABLE_WAIT_MS);
    }

    /** @param waitMs how long to wait for the registry per unknown id; 0: never wait (fetch in the background) */
    public RegistryValueDeserializer(SchemaLookups lookups, long waitMs) {
        this.lookups = lookups;
        this.waitMs = waitMs;
    }

    RegistryValueDeserializer(RegistryClient registry, long waitMs) {
        this(registry == null ? null : new SchemaLookups(registry), waitMs);
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
        byte[] header;
        if (waitMs > 0) {
            header = lookups.await(topic, id, waitMs);
        } else {
            SchemaLookups.Lookup now = lookups.lookup(topic, id);
            header = now.header();
        }
        return header == null ? data : RegistryWireFormat.reframe(header, data);
    }
}
