package io.asrhub.records.registry;

import io.asrhub.errors.AsrException;
import io.asrhub.errors.ErrorCode;
import io.asrhub.records.AvroCodec;
import io.asrhub.schema.AudioJob;
import io.asrhub.schema.InlineAudio;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The header swap between single-object encoding and the registry wire format, and what a reader
 * does with a registry-framed record it cannot resolve (no registry, an unusable id, a registry
 * that does not answer). Round trips through a real registry: {@code SchemaRegistryIT}.
 */
class RegistryWireFormatTest {
    @Test
    void framingSwapsOnlyTheHeaderAndKeepsTheBody() throws Exception {
        byte[] single = AvroCodec.encode(job());
        byte[] framed = RegistryWireFormat.frame(42, single, AvroCodec.HEADER_LENGTH);
        assertEquals(0x00, framed[0]);
        assertEquals(42, RegistryWireFormat.schemaId(framed));
        assertArrayEquals(Arrays.copyOfRange(single, AvroCodec.HEADER_LENGTH, single.length),
                Arrays.copyOfRange(framed, RegistryWireFormat.HEADER_LENGTH, framed.length));
        byte[] back = RegistryWireFormat.reframe(AvroCodec.singleObjectHeader(AudioJob.getClassSchema()), framed);
        assertArrayEquals(single, back);
        assertEquals("job-1", AvroCodec.decodeJob(back).getJobId());
    }

    @Test
    void onlyRecordsOfAnAsrHubTypeThatResolveToTheCurrentSchemaAreReadable() {
        assertTrue(AvroCodec.canRead(AudioJob.getClassSchema()));
        Schema retyped = new Schema.Parser().parse("{\"type\":\"record\",\"name\":\"AudioJob\",\"namespace\":"
                + "\"io.asrhub.schema\",\"fields\":[{\"name\":\"jobId\",\"type\":\"int\"}]}");
        assertFalse(AvroCodec.canRead(retyped), "jobId retyped, other required fields missing");
        Schema foreign = new Schema.Parser().parse("{\"type\":\"record\",\"name\":\"Order\",\"fields\":"
                + "[{\"name\":\"id\",\"type\":\"string\"}]}");
        assertFalse(AvroCodec.canRead(foreign));
        assertFalse(AvroCodec.canRead(Schema.create(Schema.Type.STRING)));
    }

    @Test
    void withoutARegistryAFramedJobIsOneMalformedRecordWithAReasonNamingNoAddress() {
        byte[] framed = RegistryWireFormat.frame(7, AvroCodec.encode(job()), AvroCodec.HEADER_LENGTH);
        byte[] passed = new RegistryValueDeserializer(null).deserialize("lane", framed);
        assertSame(framed, passed, "handed on unchanged for the codec to reject");
        AsrException e = assertThrows(AsrException.class, () -> AvroCodec.decodeJob(passed));
        assertEquals(ErrorCode.MALFORMED_RECORD, e.code());
        assertTrue(e.getMessage().contains("schema-registry wire format"), e.getMessage());
        assertFalse(e.getMessage().contains("http"), e.getMessage());
    }

    @Test
    void idsOfZeroOrBelowAndTooShortHeadersNeverReachTheRegistry() {
        RegistryValueDeserializer reader = unreachableRegistry(0);
        for (byte[] bad : new byte[][]{{0}, {0, 0, 0}, {0, 0, 0, 0, 0, 1}, {0, (byte) 0xff, (byte) 0xff, (byte) 0xff,
                (byte) 0xff, 2}}) {
            long start = System.nanoTime();
            assertSame(bad, reader.deserialize("lane", bad));
            assertTrue(System.nanoTime() - start < 1_000_000_000L, "answered without a registry call");
            AsrException e = assertThrows(AsrException.class, () -> AvroCodec.decodeJob(bad));
            assertEquals(ErrorCode.MALFORMED_RECORD, e.code());
        }
    }

    @Test
    void anUnreachableRegistryIsRetriedWithBackoffThenTheRecordIsHandedOn() {
        // Port 9 (discard) on loopback: connection refused, at once, on every try.
        RegistryValueDeserializer reader = unreachableRegistry(700);
        byte[] framed = RegistryWireFormat.frame(5, AvroCodec.encode(job()), AvroCodec.HEADER_LENGTH);
        long start = System.nanoTime();
        assertSame(framed, reader.deserialize("lane", framed));
        long waitedMs = (System.nanoTime() - start) / 1_000_000;
        // Tries at 0, 0.1, 0.3 s (backoff 0.1 s doubling); the next (0.7 s) would pass the 0.7 s limit.
        assertTrue(waitedMs >= 300 && waitedMs < 5_000, "waited " + waitedMs + " ms");
    }

    @Test
    void singleObjectAndForeignValuesPassUnchanged() {
        RegistryValueDeserializer reader = unreachableRegistry(0);
        byte[] single = AvroCodec.encode(job());
        assertSame(single, reader.deserialize("lane", single));
        assertEquals(null, reader.deserialize("lane", null));
        byte[] text = "hello".getBytes();
        assertSame(text, reader.deserialize("lane", text));
    }

    /** Port 9 (discard) on loopback: every registry call is refused at once. */
    private static RegistryValueDeserializer unreachableRegistry(long waitMs) {
        return new RegistryValueDeserializer(new SchemaLookups(new RegistryClient("http://127.0.0.1:9")), waitMs);
    }

    private static AudioJob job() {
        return AudioJob.newBuilder().setJobId("job-1").setSubmittedAtMs(Instant.ofEpochMilli(1))
                .setAudio(new InlineAudio(ByteBuffer.wrap(new byte[]{1, 2, 3}))).setByteSize(3)
                .setAttributes(Map.of()).build();
    }
}
