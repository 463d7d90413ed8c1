package io.asrhub.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.asrhub.records.AvroCodec;
import io.asrhub.schema.AudioJob;
import io.asrhub.schema.InlineAudio;
import io.asrhub.schema.JobStatus;
import io.asrhub.schema.TranscriptResult;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The single-object headers the Python and Node examples write (examples/schema-headers.json) are
 * exactly the ones Java writes: C3 01, then the little-endian CRC-64-AVRO fingerprint of Java's
 * Parsing Canonical Form. When a schema changes, this test prints the new value to put there.
 */
class SchemaHeadersTest {
    private final JsonNode headers = readHeaders();

    @Test
    void audioJobHeaderMatchesWhatJavaWrites() {
        AudioJob job = AudioJob.newBuilder().setJobId("j").setSubmittedAtMs(Instant.EPOCH)
                .setAudio(new InlineAudio(ByteBuffer.wrap(new byte[]{1}))).setByteSize(1).build();
        assertHeader("AudioJob", AudioJob.getClassSchema(), AvroCodec.encode(job));
    }

    @Test
    void transcriptResultHeaderMatchesWhatJavaWrites() {
        TranscriptResult result = TranscriptResult.newBuilder().setJobId("j").setStatus(JobStatus.OK)
                .setSegments(java.util.List.of()).build();
        assertHeader("TranscriptResult", TranscriptResult.getClassSchema(), AvroCodec.encode(result));
    }

    private void assertHeader(String name, Schema schema, byte[] encoded) {
        long fingerprint = SchemaNormalization.parsingFingerprint64(schema);
        byte[] expected = new byte[10];
        expected[0] = (byte) 0xC3;
        expected[1] = 0x01;
        for (int i = 0; i < 8; i++) {
            expected[2 + i] = (byte) (fingerprint >>> (8 * i)); // little-endian
        }
        String hex = HexFormat.of().formatHex(expected);
        assertEquals(hex, HexFormat.of().formatHex(Arrays.copyOf(encoded, 10)), "Java's own encoder");
        assertEquals(hex, headers.path(name).asText(),
                "examples/schema-headers.json is stale for " + name + ": set it to \"" + hex + "\"");
    }

    private static JsonNode readHeaders() {
        try {
            return new ObjectMapper().readTree(ExternalTool.REPO.resolve("examples/schema-headers.json").toFile());
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
