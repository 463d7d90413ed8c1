package io.asrhub.records;

import io.asrhub.schema.AudioJob;
import io.asrhub.schema.InlineAudio;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * {@code AudioJob.tenant} was added with a default: records of producers written before it — the
 * Java client of the previous release, and the Python and Node examples, whose header bytes were
 * published in docs/schemas.md — still decode, with no tenant.
 */
class TenantFieldEvolutionTest {
    /** The AudioJob headers docs/schemas.md listed before {@code tenant}: Java's, and Python avro's. */
    private static final String JAVA_V1 = "c3011c110cd90a793d4d";
    private static final String PYTHON_V1 = "c301450eaf0883441b46";

    private static Schema v1() throws Exception {
        try (var in = AvroCodec.class.getResourceAsStream("/schemas/history/AudioJob.v1.avsc")) {
            return new Schema.Parser().parse(in);
        }
    }

    private static byte[] v1Record(String header) throws Exception {
        Schema v1 = v1();
        GenericRecord job = new GenericData.Record(v1);
        job.put("jobId", "old-producer");
        job.put("submittedAtMs", 1_700_000_000_000L);
        GenericRecord inline = new GenericData.Record(v1.getField("audio").schema().getTypes().get(0));
        inline.put("data", ByteBuffer.wrap(new byte[]{1, 2, 3}));
        job.put("audio", inline);
        job.put("byteSize", 3L);
        job.put("wordTimestamps", false);
        job.put("attributes", Map.of());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(HexFormat.of().parseHex(header));
        BinaryEncoder body = EncoderFactory.get().binaryEncoder(out, null);
        new GenericDatumWriter<GenericRecord>(v1).write(job, body);
        body.flush();
        return out.toByteArray();
    }

    @Test
    void theBundledPreviousSchemaHasTheFingerprintsOldProducersWrite() throws Exception {
        assertEquals(java.util.List.of(JAVA_V1, PYTHON_V1), WriterSchemas.fingerprints(v1()).stream()
                .map(f -> "c301" + HexFormat.of().formatHex(ByteBuffer.allocate(8)
                        .order(java.nio.ByteOrder.LITTLE_ENDIAN).putLong(f).array())).toList());
        assertEquals(SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE,
                SchemaCompatibility.checkReaderWriterCompatibility(AudioJob.getClassSchema(), v1()).getType());
    }

    @Test
    void recordsOfOldJavaAndPythonProducersDecodeWithoutATenant() throws Exception {
        for (String header : new String[]{JAVA_V1, PYTHON_V1}) {
            AudioJob job = AvroCodec.decodeJob(v1Record(header));
            assertEquals("old-producer", job.getJobId(), header);
            assertNull(job.getTenant(), header);
        }
    }

    @Test
    void theTenantTravelsInTheCurrentSchema() throws Exception {
        AudioJob job = AudioJob.newBuilder().setJobId("j").setSubmittedAtMs(Instant.EPOCH)
                .setAudio(new InlineAudio(ByteBuffer.wrap(new byte[]{1}))).setByteSize(1).setTenant("team-a").build();
        assertEquals("team-a", AvroCodec.decodeJob(AvroCodec.encode(job)).getTenant());
    }
}
