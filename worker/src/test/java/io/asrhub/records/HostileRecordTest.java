package io.asrhub.records;

import io.asrhub.errors.AsrException;
import io.asrhub.errors.ErrorCode;
import io.asrhub.schema.AudioJob;
import io.asrhub.schema.InlineAudio;
import io.asrhub.schema.TranscriptResult;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Records crafted to hurt the decoder: each ends as MALFORMED_RECORD, none costs memory beyond its size. */
class HostileRecordTest {
    /** Parsing Canonical Form of schemas/AudioJob.avsc as printed by Debian's python3-avro 1.11.1. */
    private static final String PYTHON_AUDIO_JOB_FORM = "{\"name\":\"io.asrhub.schema.AudioJob\",\"type\":\"record\","
            + "\"fields\":[{\"name\":\"jobId\",\"type\":\"string\"},{\"name\":\"submittedAtMs\",\"type\":{\"type\":\"long\"}},"
            + "{\"name\":\"audio\",\"type\":[{\"name\":\"io.asrhub.schema.InlineAudio\",\"type\":\"record\",\"fields\":"
            + "[{\"name\":\"data\",\"type\":\"bytes\"}]},{\"name\":\"io.asrhub.schema.AudioReference\",\"type\":\"record\","
            + "\"fields\":[{\"name\":\"uri\",\"type\":\"string\"}]}]},{\"name\":\"contentType\",\"type\":[\"null\",\"string\"]},"
            + "{\"name\":\"byteSize\",\"type\":\"long\"},{\"name\":\"durationMs\",\"type\":[\"null\",\"long\"]},"
            + "{\"name\":\"languageHint\",\"type\":[\"null\",\"string\"]},{\"name\":\"providerHint\",\"type\":[\"null\","
            + "\"string\"]},{\"name\":\"wordTimestamps\",\"type\":\"boolean\"},{\"name\":\"attributes\",\"type\":"
            + "{\"type\":\"map\",\"values\":\"string\"}},{\"name\":\"tenant\",\"type\":[\"null\",\"string\"]}]}";

    @Test
    void aStringLengthBombIsRefusedWithoutAllocatingIt() {
        byte[] bomb = lengthBomb();
        assertTrue(bomb.length <= 16);
        AsrException e = assertThrows(AsrException.class, () -> AvroCodec.decodeJob(bomb));
        assertEquals(ErrorCode.MALFORMED_RECORD, e.code());
        assertTrue(e.getMessage().contains("1073741824"), e.getMessage());
    }

    @Test
    void aMapCountBombIsRefused() throws Exception {
        byte[] good = AvroCodec.encode(job(Map.of()));
        // The attributes map is the last field: its empty-map terminator is the last byte.
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(good, 0, good.length - 1);
        out.write(varLong(1L << 40));
        AsrException e = assertThrows(AsrException.class, () -> AvroCodec.decodeJob(out.toByteArray()));
        assertEquals(ErrorCode.MALFORMED_RECORD, e.code());
    }

    @Test
    void everyTruncationOfAGoodRecordIsMalformedNeverACrash() {
        byte[] good = AvroCodec.encode(job(Map.of("name", "clip.wav")));
        for (int len = 0; len < good.length; len++) {
            byte[] cut = Arrays.copyOf(good, len);
            AsrException e = assertThrows(AsrException.class, () -> AvroCodec.decodeJob(cut), "length " + len);
            assertEquals(ErrorCode.MALFORMED_RECORD, e.code());
        }
    }

    @Test
    void aWrongFingerprintNamesItself() {
        byte[] record = AvroCodec.encode(job(Map.of()));
        record[2] ^= 0x55;
        AsrException e = assertThrows(AsrException.class, () -> AvroCodec.decodeJob(record));
        assertEquals(ErrorCode.MALFORMED_RECORD, e.code());
        assertTrue(e.getMessage().contains("not registered"), e.getMessage());
    }

    @Test
    void pythonsCanonicalFormIsComputedExactly() {
        assertEquals(PYTHON_AUDIO_JOB_FORM, WriterSchemas.pythonCanonicalForm(AudioJob.getClassSchema()));
        assertTrue(SchemaNormalization.toParsingForm(AudioJob.getClassSchema()).contains("\"submittedAtMs\",\"type\":\"long\""),
                "Java's form differs only there");
    }

    @Test
    void recordsWithPythonsFingerprintDecode() throws Exception {
        AudioJob job = job(Map.of("lang", "py"));
        byte[] record = AvroCodec.encode(job);
        long python = WriterSchemas.fingerprint(PYTHON_AUDIO_JOB_FORM);
        ByteBuffer.wrap(record, 2, 8).order(ByteOrder.LITTLE_ENDIAN).putLong(python);
        assertEquals(job, AvroCodec.decodeJob(record));
    }

    @Test
    void resultsWrittenBeforeTheTruncatedFieldStillDecode() throws Exception {
        Schema v1 = new Schema.Parser().parse(getClass().getResourceAsStream("/schemas/history/TranscriptResult.v1.avsc"));
        assertTrue(v1.getField("truncated") == null);
        org.apache.avro.generic.GenericRecord old = new org.apache.avro.generic.GenericData.Record(v1);
        old.put("jobId", "old");
        old.put("status", new org.apache.avro.generic.GenericData.EnumSymbol(v1.getField("status").schema(), "OK"));
        for (Schema.Field f : v1.getFields()) {
            if (old.get(f.name()) == null && f.hasDefaultValue()) {
                old.put(f.name(), org.apache.avro.generic.GenericData.get().getDefaultValue(f));
            }
        }
        byte[] bytes = new org.apache.avro.message.BinaryMessageEncoder<org.apache.avro.generic.GenericRecord>(
                org.apache.avro.generic.GenericData.get(), v1).encode(old).array();
        TranscriptResult decoded = AvroCodec.decodeResult(bytes);
        assertEquals("old", decoded.getJobId());
        assertEquals(false, decoded.getTruncated());
    }

    /** C3 01, the real AudioJob fingerprint, a job id declaring 1 GiB, nothing else: 15 bytes. */
    static byte[] lengthBomb() {
        ByteBuffer b = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 0xC3).put((byte) 0x01).putLong(SchemaNormalization.parsingFingerprint64(AudioJob.getClassSchema()));
        b.put(varLong(1L << 30));
        return Arrays.copyOf(b.array(), b.position());
    }

    private static byte[] varLong(long v) {
        long z = (v << 1) ^ (v >> 63);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        while ((z & ~0x7FL) != 0) {
            out.write((int) ((z & 0x7F) | 0x80));
            z >>>= 7;
        }
        out.write((int) z);
        return out.toByteArray();
    }

    private static AudioJob job(Map<String, String> attributes) {
        return AudioJob.newBuilder().setJobId("j1").setSubmittedAtMs(Instant.ofEpochMilli(1_700_000_000_000L))
                .setAudio(new InlineAudio(ByteBuffer.wrap(new byte[]{9}))).setByteSize(1).setAttributes(attributes)
                .build();
    }
}
