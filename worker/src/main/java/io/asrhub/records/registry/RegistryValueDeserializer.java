package io.asrhub.records.registry;

import io.asrhub.records.AvroCodec;
import org.apache.avro.Schema;
import org.apache.kafka.common.serialization.Deserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Lets every asr-hub reader take records in the schema-registry wire format as well as in Avro
 * single-object encoding, without the rest of the code knowing which arrived: a registry-framed
 * value ({@code 00} + schema id) whose writer schema the registry has, and which asr-hub can read,
 * is handed on with the equivalent single-object header instead (same body). Anything else is
 * handed on unchanged, so the codec dead-letters it as {@code MALFORMED_RECORD} with the reason;
 * a deserializer that threw would stop the partition at that record.
 *
 * <p>While the registry is unreachable, fetching a new id is retried with backoff for up to
 * {@link #UNREACHABLE_WAIT_MS} (the poll thread waits, well inside {@code max.poll.interval.ms});
 * ids already seen need no registry at all.
 */
public final class RegistryValueDeserializer implements Deserializer<byte[]> {
    private static final Logger LOG = LoggerFactory.getLogger(RegistryValueDeserializer.class);
    static final long UNREACHABLE_WAIT_MS = 60_000;
    private static final int CACHED_IDS = 1024;

    private final RegistryClient registry;
    private final long unreachableWaitMs;
    /** Schema id to the single-object header of that schema; only ids that resolved to a readable schema. */
    private final Map<Integer, byte[]> headers = Collections.synchronizedMap(new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Integer, byte[]> eldest) {
            return size() > CACHED_IDS;
        }
    });

    /** @param registry null when no registry is configured: framed records then pass unchanged */
    public RegistryValueDeserializer(RegistryClient registry) {
        this(registry, UNREACHABLE_WAIT_MS);
    }

    RegistryValueDeserializer(RegistryClient registry, long unreachableWaitMs) {
        this.registry = registry;
        this.unreachableWaitMs = unreachableWaitMs;
    }

    @Override
    public byte[] deserialize(String topic, byte[] data) {
        if (!RegistryWireFormat.isFramed(data)) {
            return data;
        }
        int id = RegistryWireFormat.schemaId(data);
        if (registry == null || id <= 0) {
            return data; // no registry, or no valid id: the codec says so in the dead letter
        }
        byte[] header = headers.get(id);
        if (header == null) {
            header = resolve(topic, id);
            if (header == null) {
                return data;
            }
            headers.put(id, header);
        }
        return RegistryWireFormat.reframe(header, data);
    }

    /** The single-object header for the schema of {@code id}, or null when it is unknown or not readable. */
    private byte[] resolve(String topic, int id) {
        long deadline = System.nanoTime() + unreachableWaitMs * 1_000_000;
        long backoffMs = 100;
        while (true) {
            try {
                Schema writer = registry.schemaById(id);
                if (!AvroCodec.canRead(writer)) {
                    LOG.warn("{}: schema id {} ({}) is not a record asr-hub can read", topic, id, writer.getFullName());
                    return null;
                }
                AvroCodec.registerWriterSchema(writer);
                return AvroCodec.singleObjectHeader(writer);
            } catch (RegistryClient.UnknownSchemaException e) {
                LOG.warn("{}: {}", topic, e.getMessage());
                return null;
            } catch (RegistryClient.RegistryUnavailableException e) {
                if (System.nanoTime() + backoffMs * 1_000_000 > deadline) {
                    LOG.warn("{}: giving up on schema id {} after {} ms: {}", topic, id, unreachableWaitMs,
                            e.getMessage());
                    return null;
                }
                LOG.warn("{}: {}; retrying schema id {} in {} ms", topic, e.getMessage(), id, backoffMs);
                if (!pause(backoffMs)) {
                    return null;
                }
                backoffMs = Math.min(5_000, backoffMs * 2);
            }
        }
    }

    private static boolean pause(long ms) {
        try {
            Thread.sleep(ms); // a backoff between registry calls, not a wait for a condition
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
