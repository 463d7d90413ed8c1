package io.asrhub.kafka;

import io.asrhub.errors.AsrException;
import io.asrhub.errors.ErrorCode;
import io.asrhub.schema.AudioJob;
import io.asrhub.schema.TranscriptResult;
import org.apache.avro.message.BadHeaderException;
import org.apache.avro.message.MissingSchemaException;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Avro single-object encoding: every value starts with a marker and the writer schema's
 * fingerprint, so a consumer knows which schema wrote it without a registry. Older writer
 * schemas are resolved against the current reader schema (backward-compatible evolution).
 */
public final class AvroCodec {
    private AvroCodec() {
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
            return AudioJob.getDecoder().decode(value);
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
        return TranscriptResult.getDecoder().decode(value);
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
