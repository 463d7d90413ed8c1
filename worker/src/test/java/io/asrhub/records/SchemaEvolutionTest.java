package io.asrhub.records;

import io.asrhub.errors.AsrException;
import io.asrhub.errors.ErrorCode;
import io.asrhub.schema.AudioJob;
import io.asrhub.schema.InlineAudio;
import io.asrhub.schema.JobStatus;
import io.asrhub.schema.TranscriptResult;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageEncoder;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The evolution rules in docs/schemas.md, checked against the real schemas. */
class SchemaEvolutionTest {
    private static final Set<String> JOB_CORE = Set.of("jobId", "submittedAtMs", "audio", "byteSize");
    private static final Set<String> RESULT_CORE = Set.of("jobId", "status");

    @Test
    void roundTripCarriesTheSchemaFingerprint() throws Exception {
        AudioJob job = job();
        byte[] bytes = AvroCodec.encode(job);
        assertEquals((byte) 0xC3, bytes[0]);
        assertEquals((byte) 0x01, bytes[1], "single-object encoding marker");
        assertEquals(job, AvroCodec.decodeJob(bytes));
    }

    @Test
    void everyNonCoreFieldHasADefaultSoItCanBeAddedOrDroppedSafely() {
        assertDefaults(AudioJob.getClassSchema(), JOB_CORE);
        assertDefaults(TranscriptResult.getClassSchema(), RESULT_CORE);
    }

    @Test
    void recordsFromAnOlderWriterWithFewerFieldsDecodeWithDefaults() throws Exception {
        Schema older = withoutOptionalFields(AudioJob.getClassSchema(), JOB_CORE);
        assertEquals(SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE,
                SchemaCompatibility.checkReaderWriterCompatibility(AudioJob.getClassSchema(), older).getType());
        GenericRecord old = new GenericData.Record(older);
        old.put("jobId", "old-1");
        old.put("submittedAtMs", 1_700_000_000_000L);
        GenericRecord inline = new GenericData.Record(older.getField("audio").schema().getTypes().get(0));
        inline.put("data", ByteBuffer.wrap(new byte[]{1, 2, 3}));
        old.put("audio", inline);
        old.put("byteSize", 3L);
        byte[] bytes = new BinaryMessageEncoder<GenericRecord>(GenericData.get(), older).encode(old).array();

        AsrException unknown = assertThrows(AsrException.class, () -> AvroCodec.decodeJob(bytes));
        assertEquals(ErrorCode.MALFORMED_RECORD, unknown.code(), "an unregistered writer schema is refused clearly");

        AvroCodec.registerWriterSchema(older);
        AudioJob decoded = AvroCodec.decodeJob(bytes);
        assertEquals("old-1", decoded.getJobId());
        assertNull(decoded.getLanguageHint());
        assertFalse(decoded.getWordTimestamps());
        assertEquals(Map.of(), decoded.getAttributes());
    }

    @Test
    void piecesWrittenBeforeTheAttemptFieldStillDecode() throws Exception {
        Schema v1;
        try (var in = AvroCodec.class.getResourceAsStream("/schemas/history/AudioPiece.v1.avsc")) {
            v1 = new Schema.Parser().parse(in);
        }
        assertFalse(v1.getFields().stream().anyMatch(f -> f.name().equals("attempt")));
        GenericRecord old = new GenericData.Record(v1);
        for (Schema.Field f : v1.getFields()) {
            if (f.hasDefaultValue()) {
                old.put(f.name(), GenericData.get().getDefaultValue(f));
            }
        }
        old.put("jobId", "job-1");
        old.put("index", 2);
        old.put("count", 3);
        old.put("offsetMs", 60_000L);
        old.put("durationMs", 30_000L);
        old.put("audio", ByteBuffer.wrap(new byte[]{1, 2}));
        byte[] bytes = new BinaryMessageEncoder<GenericRecord>(GenericData.get(), v1).encode(old).array();
        io.asrhub.schema.AudioPiece piece = AvroCodec.decodePiece(bytes); // v1 is bundled: no registration
        assertEquals("job-1", piece.getJobId());
        assertEquals(2, piece.getIndex());
        assertEquals(0, piece.getAttempt(), "the new field's default");
    }

    /** Rolling upgrade: piece records of the release before split ids decode, with an empty split id. */
    @Test
    void pieceRecordsWrittenBeforeSplitIdsStillDecode() throws Exception {
        GenericRecord piece = old("AudioPiece.v2.avsc");
        piece.put("index", 1);
        piece.put("count", 2);
        piece.put("offsetMs", 30_000L);
        piece.put("durationMs", 30_000L);
        piece.put("audio", ByteBuffer.wrap(new byte[]{1}));
        io.asrhub.schema.AudioPiece p = AvroCodec.decodePiece(encode(piece));
        assertEquals("job-1", p.getJobId());
        assertEquals("", p.getSplitId(), "the new field's default");

        GenericRecord result = old("PieceResult.v1.avsc");
        result.put("index", 1);
        result.put("count", 2);
        result.put("offsetMs", 30_000L);
        result.put("status", new GenericData.EnumSymbol(result.getSchema().getField("status").schema(), "OK"));
        io.asrhub.schema.PieceResult r = io.asrhub.pieces.PieceCodec.decodePieceResult(encode(result));
        assertEquals(1, r.getIndex());
        assertEquals("", r.getSplitId());

        GenericRecord progress = old("JobProgress.v1.avsc");
        progress.put("piecesDone", 1);
        progress.put("piecesTotal", 2);
        progress.put("audioMsDone", 30_000L);
        io.asrhub.schema.JobProgress g = io.asrhub.pieces.PieceCodec.decodeProgress(encode(progress));
        assertEquals(2, g.getPiecesTotal());
        assertEquals("", g.getSplitId());
    }

    /** A record of a bundled historic schema with every default filled in and jobId "job-1". */
    private static GenericRecord old(String name) throws Exception {
        Schema schema;
        try (var in = AvroCodec.class.getResourceAsStream("/schemas/history/" + name)) {
            schema = new Schema.Parser().parse(in);
        }
        assertFalse(schema.getFields().stream().anyMatch(f -> f.name().equals("splitId")), name);
        GenericRecord record = new GenericData.Record(schema);
        for (Schema.Field f : schema.getFields()) {
            if (f.hasDefaultValue()) {
                record.put(f.name(), GenericData.get().getDefaultValue(f));
            }
        }
        record.put("jobId", "job-1");
        return record;
    }

    private static byte[] encode(GenericRecord record) throws Exception {
        return new BinaryMessageEncoder<GenericRecord>(GenericData.get(), record.getSchema()).encode(record).array();
    }

    @Test
    void resultsRoundTrip() throws Exception {
        TranscriptResult r = TranscriptResult.newBuilder().setJobId("j").setStatus(JobStatus.OK).setText("hi").build();
        assertEquals(r, AvroCodec.decodeResult(AvroCodec.encode(r)));
    }

    @Test
    void garbageIsAMalformedRecord() {
        assertEquals(ErrorCode.MALFORMED_RECORD,
                assertThrows(AsrException.class, () -> AvroCodec.decodeJob(new byte[]{1, 2, 3})).code());
        assertEquals(ErrorCode.MALFORMED_RECORD, assertThrows(AsrException.class, () -> AvroCodec.decodeJob(null)).code());
    }

    private static AudioJob job() {
        return AudioJob.newBuilder().setJobId("j1").setSubmittedAtMs(Instant.ofEpochMilli(1_700_000_000_000L))
                .setAudio(new InlineAudio(ByteBuffer.wrap(new byte[]{9}))).setByteSize(1).setAttributes(Map.of())
                .build();
    }

    private static void assertDefaults(Schema schema, Set<String> core) {
        for (Schema.Field f : schema.getFields()) {
            if (!core.contains(f.name())) {
                assertTrue(f.hasDefaultValue(), schema.getName() + "." + f.name() + " needs a default");
            }
        }
    }

    private static Schema withoutOptionalFields(Schema current, Set<String> keep) {
        List<Schema.Field> fields = new ArrayList<>();
        for (Schema.Field f : current.getFields()) {
            if (keep.contains(f.name())) {
                fields.add(new Schema.Field(f.name(), f.schema(), f.doc(), f.defaultVal()));
            }
        }
        return Schema.createRecord(current.getName(), current.getDoc(), current.getNamespace(), false, fields);
    }
}
