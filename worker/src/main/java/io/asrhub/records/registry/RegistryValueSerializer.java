package io.asrhub.records.registry;

import io.asrhub.records.AvroCodec;
import org.apache.avro.Schema;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.Serializer;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * In {@code records.format: registry}, rewrites the worker's single-object values into the
 * schema-registry wire format as they are sent, so the code that builds records needs no change:
 * the writer schema (known by its fingerprint) is registered under {@code <topic>-value} once per
 * topic and schema, then every value gets {@code 00} + that id in place of the 10-byte header.
 *
 * <p>Only the public records are rewritten (jobs, results, dead letters, pieces, progress); the
 * piece-results topic, read only by the stitcher inside asr-hub, stays single-object. A registry
 * that does not answer fails the send as retriable (the publisher backs off and sends again); a
 * registry that refuses the schema (e.g. it breaks the subject's compatibility rule) fails it as
 * a record error.
 */
public final class RegistryValueSerializer implements Serializer<byte[]> {
    private static final Set<String> PUBLIC_RECORDS = Set.of("io.asrhub.schema.AudioJob",
            "io.asrhub.schema.TranscriptResult", "io.asrhub.schema.AudioPiece", "io.asrhub.schema.JobProgress");

    private final RegistryClient registry;
    /** "topic fingerprint" to the id registered under that topic's subject. */
    private final Map<String, Integer> ids = new ConcurrentHashMap<>();

    public RegistryValueSerializer(RegistryClient registry) {
        this.registry = registry;
    }

    @Override
    public byte[] serialize(String topic, byte[] data) {
        Schema writer = AvroCodec.writerSchema(data);
        if (writer == null || !PUBLIC_RECORDS.contains(writer.getFullName())) {
            return data;
        }
        String key = topic + " " + AvroCodec.fingerprintHex(data);
        Integer id = ids.get(key);
        if (id == null) {
            id = register(topic, writer);
            ids.put(key, id);
        }
        return RegistryWireFormat.frame(id, data, AvroCodec.HEADER_LENGTH);
    }

    private int register(String topic, Schema writer) {
        try {
            return registry.register(topic + "-value", writer);
        } catch (RegistryClient.RegistryUnavailableException e) {
            throw new TimeoutException(e.getMessage());
        } catch (RegistryClient.UnknownSchemaException e) {
            throw new SerializationException(e.getMessage() + " (subject " + topic + "-value)");
        }
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
    }
}
