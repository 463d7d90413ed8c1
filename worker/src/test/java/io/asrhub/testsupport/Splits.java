package io.asrhub.testsupport;

import io.asrhub.schema.AudioPiece;
import io.asrhub.schema.ManifestPiece;
import io.asrhub.schema.PieceResult;
import io.asrhub.schema.PieceSegment;
import io.asrhub.schema.PieceStatus;
import io.asrhub.schema.SplitManifest;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * One split of a long job as the stitcher sees it: the manifest a splitting worker writes and the
 * pieces and piece results workers write for it (30 s pieces unless given; text "JOBID piece N"
 * unless given). The parent's coordinates are asr.jobs.large, partition 0, {@code sourceOffset}.
 */
public final class Splits {
    public static final long PIECE_MS = 30_000;

    public final String jobId;
    public final String splitId;
    public final int count;
    /** The parent record's offset on asr.jobs.large: it names the submission. */
    public final long sourceOffset;
    public final long pieceMs;

    private Splits(String jobId, String splitId, int count, long sourceOffset, long pieceMs) {
        this.jobId = jobId;
        this.splitId = splitId;
        this.count = count;
        this.sourceOffset = sourceOffset;
        this.pieceMs = pieceMs;
    }

    public static Splits of(String jobId, int count, long sourceOffset) {
        return of(jobId, count, sourceOffset, PIECE_MS);
    }

    public static Splits of(String jobId, int count, long sourceOffset, long pieceMs) {
        return new Splits(jobId, UUID.randomUUID().toString().replace("-", ""), count, sourceOffset, pieceMs);
    }

    /** The same submission split again (after a crash before its commit): a new split id, the same layout. */
    public Splits splitAgain() {
        return of(jobId, count, sourceOffset, pieceMs);
    }

    /** Piece {@code index} as the splitting worker publishes it, with {@code wav} as its audio. */
    public AudioPiece piece(int index, byte[] wav) {
        return AudioPiece.newBuilder().setJobId(jobId).setSplitId(splitId).setIndex(index).setCount(count)
                .setOffsetMs(index * pieceMs).setDurationMs(pieceMs).setContentType("audio/wav")
                .setAudio(ByteBuffer.wrap(wav)).setLane("large").setAudioDurationMs(count * pieceMs)
                .setSubmittedAtMs(System.currentTimeMillis()).setSourceTopic("asr.jobs.large").setSourcePartition(0)
                .setSourceOffset(sourceOffset).build();
    }

    public SplitManifest manifest() {
        List<ManifestPiece> pieces = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            pieces.add(new ManifestPiece(i * pieceMs, pieceMs));
        }
        return SplitManifest.newBuilder().setJobId(jobId).setSplitId(splitId).setCount(count).setPieces(pieces)
                .setAudioDurationMs(count * pieceMs).setLane("large").setWorkerId("splitter")
                .setSourceTopic("asr.jobs.large").setSourcePartition(0).setSourceOffset(sourceOffset).build();
    }

    public PieceResult.Builder base(int index) {
        return PieceResult.newBuilder().setJobId(jobId).setSplitId(splitId).setIndex(index).setCount(count)
                .setOffsetMs(index * pieceMs).setDurationMs(pieceMs).setAudioDurationMs(count * pieceMs)
                .setProvider("whisper").setModel("m").setLane("large").setWorkerId("worker-" + index)
                .setProcessingMs(4_000).setQueueWaitMs(100 + index).setSourceTopic("asr.jobs.large")
                .setSourcePartition(0).setSourceOffset(sourceOffset);
    }

    public PieceResult ok(int index) {
        return ok(index, jobId + " piece " + (index + 1));
    }

    public PieceResult ok(int index, String text) {
        return base(index).setStatus(PieceStatus.OK).setText(text)
                .setSegments(List.of(new PieceSegment(500L, 2_000L, text))).build();
    }

    public PieceResult failed(int index, String code, String message) {
        return base(index).setStatus(PieceStatus.FAILED).setErrorCode(code).setErrorMessage(message).build();
    }
}
