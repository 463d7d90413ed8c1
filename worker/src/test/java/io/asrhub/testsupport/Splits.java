package io.asrhub.testsupport;

import io.asrhub.schema.ManifestPiece;
import io.asrhub.schema.PieceResult;
import io.asrhub.schema.PieceSegment;
import io.asrhub.schema.PieceStatus;
import io.asrhub.schema.SplitManifest;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * One split of a long job as the stitcher sees it: the manifest a splitting worker writes and the
 * piece results workers write for it (30 s pieces, text "JOBID piece N" unless given).
 */
public final class Splits {
    public static final long PIECE_MS = 30_000;

    public final String jobId;
    public final String splitId;
    public final int count;
    /** The parent record's offset on asr.jobs.large: it names the submission. */
    public final long sourceOffset;

    private Splits(String jobId, String splitId, int count, long sourceOffset) {
        this.jobId = jobId;
        this.splitId = splitId;
        this.count = count;
        this.sourceOffset = sourceOffset;
    }

    public static Splits of(String jobId, int count, long sourceOffset) {
        return new Splits(jobId, UUID.randomUUID().toString().replace("-", ""), count, sourceOffset);
    }

    /** The same submission split again (after a crash before its commit): a new split id, the same layout. */
    public Splits splitAgain() {
        return of(jobId, count, sourceOffset);
    }

    public SplitManifest manifest() {
        List<ManifestPiece> pieces = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            pieces.add(new ManifestPiece(i * PIECE_MS, PIECE_MS));
        }
        return SplitManifest.newBuilder().setJobId(jobId).setSplitId(splitId).setCount(count).setPieces(pieces)
                .setAudioDurationMs(count * PIECE_MS).setLane("large").setWorkerId("splitter")
                .setSourceTopic("asr.jobs.large").setSourcePartition(0).setSourceOffset(sourceOffset).build();
    }

    public PieceResult.Builder base(int index) {
        return PieceResult.newBuilder().setJobId(jobId).setSplitId(splitId).setIndex(index).setCount(count)
                .setOffsetMs(index * PIECE_MS).setDurationMs(PIECE_MS).setAudioDurationMs(count * PIECE_MS)
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
