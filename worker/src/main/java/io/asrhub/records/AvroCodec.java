package io.asrhub.records;

import io.asrhub.errors.AsrException;
import io.asrhub.errors.ErrorCode;
import io.asrhub.schema.AudioJob;
import io.asrhub.schema.AudioPiece;
import io.asrhub.schema.JobProgress;
import io.asrhub.schema.PieceResult;
import io.asrhub.schema.SplitManifest;
import io.asrhub.schema.TranscriptResult;
import org.apache.avro.Schema;
import org.apache.avro.message.BadHeaderException;
import org.apache.avro.message.RawMessageDecoder;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.message.MissingSchemaException;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Avro single-object encoding: every value starts with a marker and the writer schema's
 * fingerprint, so a consumer knows which schema wrote it without a registry. Older writer
 * schemas are resolved against the current reader schema (backward-compatible evolution).
 */
public final class AvroCodec {
    /** Writer schemas this build can read besides the current ones (see docs/schemas.md). */
    private static final WriterSchemas KNOWN_WRITERS = new WriterSchemas();
    /** Single-object header: marker C3 01, then the writer's 8-byte CRC-64-AVRO fingerprint, little-endian. */
    public static final int HEADER_LENGTH = 10;
    /** The current schema of every record type asr-hub reads: a foreign writer schema must resolve to one. */
    private static final Map<String, Schema> READERS = Map.of(
            AudioJob.getClassSchema().getFullName(), AudioJob.getClassSchema(),
            TranscriptResult.getClassSchema().getFullName(), TranscriptResult.getClassSchema(),
            AudioPiece.getClassSchema().getFullName(), AudioPiece.getClassSchema(),
            PieceResult.getClassSchema().getFullName(), PieceResult.getClassSchema(),
            SplitManifest.getClassSchema().getFullName(), SplitManifest.getClassSchema(),
            JobProgress.getClassSchema().getFullName(), JobProgress.getClassSchema());

    static {
        KNOWN_WRITERS.add(AudioJob.getClassSchema());
        KNOWN_WRITERS.add(TranscriptResult.getClassSchema());
        KNOWN_WRITERS.add(AudioPiece.getClassSchema());
        // Results written before the current schema (docs/schemas.md, evolution rule 2).
        KNOWN_WRITERS.add(historicSchema("TranscriptResult.v1.avsc"));
        KNOWN_WRITERS.add(historicSchema("AudioJob.v1.avsc")); // producers written before `tenant`
        KNOWN_WRITERS.add(historicSchema("AudioPiece.v1.avsc")); // pieces in flight during an upgrade
        KNOWN_WRITERS.add(historicSchema("AudioPiece.v2.avsc")); // before splitId
        KNOWN_WRITERS.add(PieceResult.getClassSchema());
        KNOWN_WRITERS.add(historicSchema("PieceResult.v1.avsc")); // before splitId
        KNOWN_WRITERS.add(SplitManifest.getClassSchema());
    }

    /** One decoder per known writer schema, resolving it against the current reader schema. */
    private static final Map<Schema, RawMessageDecoder<AudioJob>> JOB_DECODERS = new ConcurrentHashMap<>();
    private static final Map<Schema, RawMessageDecoder<TranscriptResult>> RESULT_DECODERS = new ConcurrentHashMap<>();
    private static final Map<Schema, RawMessageDecoder<AudioPiece>> PIECE_DECODERS = new ConcurrentHashMap<>();
    private static final Map<Schema, RawMessageDecoder<PieceResult>> PIECE_RESULT_DECODERS = new ConcurrentHashMap<>();
    private static final Map<Schema, RawMessageDecoder<SplitManifest>> MANIFEST_DECODERS = new ConcurrentHashMap<>();

    /**
     * Why a record still in the schema-registry wire format reached the decoder: readers turn every
     * framed record whose schema they could resolve into single-object encoding first
     * ({@code records.registry.RegistryValueDeserializer}).
     */
    private static final String REGISTRY_FRAMED = "record is in the schema-registry wire format, but its schema id"
            + " is not usable here: unknown to the registry, not an asr-hub record schema that resolves to the"
            + " current one, or no registry configured (records.registry.url)";

    private AvroCodec() {
    }

    /** True when a record written with {@code writer} can be read as the current schema of the same name. */
    public static boolean canRead(Schema writer) {
        Schema reader = writer.getType() == Schema.Type.RECORD ? READERS.get(writer.getFullName()) : null;
        return reader != null && org.apache.avro.SchemaCompatibility.checkReaderWriterCompatibility(reader, writer)
                .getType() == org.apache.avro.SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE;
    }

    /** The 10-byte single-object header Java's Avro writes for {@code schema}. */
    public static byte[] singleObjectHeader(Schema schema) {
        return ByteBuffer.allocate(HEADER_LENGTH).order(ByteOrder.LITTLE_ENDIAN).put((byte) 0xC3).put((byte) 0x01)
                .putLong(org.apache.avro.SchemaNormalization.parsingFingerprint64(schema)).array();
    }

    /** The known writer schema named by a single-object header, or null (no header, or an unknown one). */
    public static Schema writerSchema(byte[] value) {
        if (value == null || value.length < HEADER_LENGTH || (value[0] & 0xff) != 0xC3 || value[1] != 0x01) {
            return null;
        }
        return KNOWN_WRITERS.findByFingerprint(fingerprint(value));
    }

    /**
     * Teaches the decoders an older (or, after a consumer-first rollout, newer) writer schema.
     * Single-object encoding carries only the writer's fingerprint, so without a registry every
     * writer schema in use must be known here.
     */
    public static void registerWriterSchema(Schema writer) {
        KNOWN_WRITERS.add(writer);
    }

    public static byte[] encode(AudioJob job) {
        return bytes(() -> AudioJob.getEncoder().encode(job));
    }

    public static byte[] encode(TranscriptResult result) {
        return bytes(() -> TranscriptResult.getEncoder().encode(result));
    }

    /**
     * Decodes a lane record. Whatever is wrong with the bytes, including lengths that would need
     * more memory than the record holds, ends as {@code MALFORMED_RECORD}: a record that cannot be
     * decoded must be dead-lettered, never left to wedge its partition.
     */
    public static AudioJob decodeJob(byte[] value) throws AsrException {
        if (value == null) {
            throw new AsrException(ErrorCode.MALFORMED_RECORD, "record has no value (tombstone)");
        }
        if (value.length > 0 && value[0] == 0) {
            throw new AsrException(ErrorCode.MALFORMED_RECORD, REGISTRY_FRAMED);
        }
        try {
            return decode(value, AudioJob.getClassSchema(), JOB_DECODERS);
        } catch (BadHeaderException e) {
            throw new AsrException(ErrorCode.MALFORMED_RECORD,
                    "record is not an Avro single-object encoded AudioJob (bad header)", e);
        } catch (MissingSchemaException e) {
            throw new AsrException(ErrorCode.MALFORMED_RECORD, "record was written with an unknown schema (fingerprint "
                    + fingerprintHex(value) + " not registered; see docs/schemas.md)", e);
        } catch (IOException | RuntimeException e) {
            throw new AsrException(ErrorCode.MALFORMED_RECORD, "record body does not match the AudioJob schema ("
                    + e.getMessage() + ")", e);
        } catch (Throwable e) { // OutOfMemoryError, StackOverflowError: still this record's fault
            throw new AsrException(ErrorCode.MALFORMED_RECORD, "record cannot be decoded (" + e + ")", e);
        }
    }

    /**
     * Decodes a record of the pieces topic with the same bounds as a lane record: a piece is
     * fetched by every worker, so a hostile one must end as {@code MALFORMED_RECORD}, never as an
     * OutOfMemoryError or a wedged partition.
     */
    public static AudioPiece decodePiece(byte[] value) throws AsrException {
        if (value == null) {
            throw new AsrException(ErrorCode.MALFORMED_RECORD, "piece record has no value (tombstone)");
        }
        if (value.length > 0 && value[0] == 0) {
            throw new AsrException(ErrorCode.MALFORMED_RECORD, REGISTRY_FRAMED);
        }
        try {
            return decode(value, AudioPiece.getClassSchema(), PIECE_DECODERS);
        } catch (IOException | RuntimeException e) {
            throw new AsrException(ErrorCode.MALFORMED_RECORD, "record is not a readable AudioPiece (" + e + ")", e);
        } catch (Throwable e) {
            throw new AsrException(ErrorCode.MALFORMED_RECORD, "piece record cannot be decoded (" + e + ")", e);
        }
    }

    /**
     * Finds the writer schema by the header's fingerprint (any of the fingerprints registered for
     * it, see {@link WriterSchemas}), rejects lengths and counts that overrun the record before Avro
     * allocates anything for them, then decodes the body resolved to the current schema.
     */
    private static <T> T decode(byte[] value, Schema reader, Map<Schema, RawMessageDecoder<T>> decoders)
            throws IOException {
        if (value.length < HEADER_LENGTH || (value[0] & 0xff) != 0xC3 || value[1] != 0x01) {
            throw new BadHeaderException("record does not start with the single-object marker C3 01");
        }
        Schema writer = KNOWN_WRITERS.findByFingerprint(fingerprint(value));
        if (writer == null) {
            throw new MissingSchemaException("unknown writer fingerprint " + fingerprintHex(value));
        }
        AvroRecordBounds.check(writer, value, HEADER_LENGTH);
        RawMessageDecoder<T> decoder = decoders.computeIfAbsent(writer,
                w -> new RawMessageDecoder<>(SpecificData.getForSchema(reader), w, reader));
        return decoder.decode(new ByteArrayInputStream(value, HEADER_LENGTH, value.length - HEADER_LENGTH));
    }

    private static long fingerprint(byte[] value) {
        return ByteBuffer.wrap(value, 2, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
    }

    /** The header's fingerprint bytes in hex, as docs/schemas.md lists them. */
    public static String fingerprintHex(byte[] value) {
        StringBuilder hex = new StringBuilder();
        for (int i = 2; i < Math.min(HEADER_LENGTH, value.length); i++) {
            hex.append(String.format("%02x", value[i]));
        }
        return hex.toString();
    }

    private static Schema historicSchema(String name) {
        try (InputStream in = AvroCodec.class.getResourceAsStream("/schemas/history/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing bundled schema " + name);
            }
            return new Schema.Parser().parse(in);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read bundled schema " + name, e);
        }
    }

    /**
     * The full name of the schema that wrote {@code value} (by its header), or null when the header
     * is missing or names no known schema: the stitcher tells its two input record types apart by it.
     */
    public static String writerName(byte[] value) {
        Schema writer = writerSchema(value);
        return writer == null ? null : writer.getFullName();
    }

    /** A piece result (current or older writer), with the same bounds on declared lengths as a lane record. */
    public static PieceResult decodePieceResult(byte[] value) throws IOException {
        return decode(value, PieceResult.getClassSchema(), PIECE_RESULT_DECODERS);
    }

    /** A split manifest, with the same bounds on declared lengths as a lane record. */
    public static SplitManifest decodeManifest(byte[] value) throws IOException {
        return decode(value, SplitManifest.getClassSchema(), MANIFEST_DECODERS);
    }

    public static TranscriptResult decodeResult(byte[] value) throws IOException {
        return decode(value, TranscriptResult.getClassSchema(), RESULT_DECODERS);
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
