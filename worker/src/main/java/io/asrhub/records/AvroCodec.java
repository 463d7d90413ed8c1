package io.asrhub.records;

import io.asrhub.errors.AsrException;
import io.asrhub.errors.ErrorCode;
import io.asrhub.schema.AudioJob;
import io.asrhub.schema.TranscriptResult;
import org.apache.avro.Schema;
import org.apache.avro.message.BadHeaderException;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.SchemaStore;
import org.apache.avro.message.MissingSchemaException;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Avro single-object encoding: every value starts with a marker and the writer schema's
 * fingerprint, so a consumer knows which schema wrote it without a registry. Older writer
 * schemas are resolved against the current reader schema (backward-compatible evolution).
 */
public final class AvroCodec {
    /** Writer schemas this build can read besides the current ones (see docs/schemas.md). */
    private static final SchemaStore.Cache KNOWN_WRITERS = new SchemaStore.Cache();
    private static final BinaryMessageDecoder<AudioJob> JOB_DECODER = AudioJob.createDecoder(KNOWN_WRITERS);
    private static final BinaryMessageDecoder<TranscriptResult> RESULT_DECODER =
            TranscriptResult.createDecoder(KNOWN_WRITERS);

    private AvroCodec() {
    }

    /**
     * Teaches the decoders an older (or, after a consumer-first rollout, newer) writer schema.
     * Single-object encoding carries only the writer's fingerprint, so without a registry every
     * writer schema in use must be known here.
     */
    public static void registerWriterSchema(Schema writer) {
        KNOWN_WRITERS.addSchema(writer);
    }

    public static byte[] encode(AudioJob job) {
        return bytes(() -> AudioJob.getEncoder().encode(job));
    }

    public static byte[] encode(TranscriptResult result) {
        return bytes(() -> TranscriptResult.getEncoder().encode(result));
    }

    public static AudioJob decodeJob(byte[] value) throws AsrException {
        if (value == null) {
            throw new AsrException(ErrorCode.MALFORMED_RECORD, "record has no value (tombstone)");
        }
        try {
            return JOB_DECODER.decode(value);
        } catch (BadHeaderException e) {
            throw new AsrException(ErrorCode.MALFORMED_RECORD,
                    "record is not an Avro single-object encoded AudioJob (bad header)", e);
        } catch (MissingSchemaException e) {
            throw new AsrException(ErrorCode.MALFORMED_RECORD,
                    "record was written with an unknown schema (fingerprint not registered)", e);
        } catch (IOException | RuntimeException e) {
            throw new AsrException(ErrorCode.MALFORMED_RECORD, "record body does not match the AudioJob schema ("
                    + e.getMessage() + ")", e);
        }
    }

    public static TranscriptResult decodeResult(byte[] value) throws IOException {
        return RESULT_DECODER.decode(value);
    }

    private static byte[] bytes(IoSupplier<ByteBuffer> encode) {
        try {
            ByteBuffer buffer = encode.get();
            byte[] out = new byte[buffer.remaining()];
            buffer.get(out);
            return out;
        } catch (IOException e) {
            throw new IllegalStateException("in-memory Avro encoding cannot fail", e);
        }
    }

    @FunctionalInterface
    private interface IoSupplier<T> {
        T get() throws IOException;
    }
}
