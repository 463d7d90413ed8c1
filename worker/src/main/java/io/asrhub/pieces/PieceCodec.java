package io.asrhub.pieces;

import io.asrhub.records.AvroCodec;
import io.asrhub.schema.AudioPiece;
import io.asrhub.schema.JobProgress;
import io.asrhub.schema.PieceResult;
import io.asrhub.schema.PieceStitchState;
import io.asrhub.schema.SplitManifest;
import io.asrhub.schema.TranscriptResult;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.specific.SpecificRecord;

import java.io.IOException;
import java.nio.ByteBuffer;

/** Avro single-object encoding of the piece records, the same wire format as the job and result records. */
public final class PieceCodec {
    private static final BinaryMessageDecoder<AudioPiece> PIECE = AudioPiece.getDecoder();
    private static final BinaryMessageDecoder<PieceResult> PIECE_RESULT = PieceResult.getDecoder();
    private static final BinaryMessageDecoder<JobProgress> PROGRESS = JobProgress.getDecoder();

    static {
        // Progress written by workers of the previous release (before splitId) still decodes.
        PROGRESS.addSchema(historic("JobProgress.v1.avsc"));
    }
    private static final BinaryMessageDecoder<PieceStitchState> STATE = PieceStitchState.getDecoder();
    private static final BinaryMessageDecoder<TranscriptResult> RESULT = TranscriptResult.getDecoder();

    private PieceCodec() {
    }

    public static byte[] encode(AudioPiece value) {
        return bytes(AudioPiece.getEncoder(), value);
    }

    public static byte[] encode(PieceResult value) {
        return bytes(PieceResult.getEncoder(), value);
    }

    public static byte[] encode(JobProgress value) {
        return bytes(JobProgress.getEncoder(), value);
    }

    static byte[] encode(PieceStitchState value) {
        return bytes(PieceStitchState.getEncoder(), value);
    }

    static byte[] encode(TranscriptResult value) {
        return bytes(TranscriptResult.getEncoder(), value);
    }

    public static AudioPiece decodePiece(byte[] value) throws IOException {
        return PIECE.decode(value);
    }

    /** Bounded like a lane record (a piece result may come from anyone who can write the topic). */
    public static PieceResult decodePieceResult(byte[] value) throws IOException {
        return AvroCodec.decodePieceResult(value);
    }

    public static byte[] encode(SplitManifest value) {
        return bytes(SplitManifest.getEncoder(), value);
    }

    public static SplitManifest decodeManifest(byte[] value) throws IOException {
        return AvroCodec.decodeManifest(value);
    }

    /** Whether {@code value} was written with the SplitManifest schema (by its header's fingerprint). */
    public static boolean isManifest(byte[] value) {
        return SplitManifest.getClassSchema().getFullName().equals(AvroCodec.writerName(value));
    }

    public static PieceResult decodePieceResult(ByteBuffer value) throws IOException {
        return PIECE_RESULT.decode(value.duplicate());
    }

    public static JobProgress decodeProgress(byte[] value) throws IOException {
        return PROGRESS.decode(value);
    }

    static PieceStitchState decodeState(byte[] value) throws IOException {
        return STATE.decode(value);
    }

    static TranscriptResult decodeResult(byte[] value) throws IOException {
        return RESULT.decode(value);
    }

    private static org.apache.avro.Schema historic(String name) {
        try (java.io.InputStream in = PieceCodec.class.getResourceAsStream("/schemas/history/" + name)) {
            return new org.apache.avro.Schema.Parser().parse(in);
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("cannot read bundled schema " + name, e);
        }
    }

    private static <T extends SpecificRecord> byte[] bytes(BinaryMessageEncoder<T> encoder, T value) {
        try {
            ByteBuffer buffer = encoder.encode(value);
            byte[] out = new byte[buffer.remaining()];
            buffer.get(out);
            return out;
        } catch (IOException e) {
            throw new IllegalStateException("in-memory Avro encoding cannot fail", e);
        }
    }
}
