package io.asrhub.pieces;

import io.asrhub.schema.JobProgress;
import io.asrhub.schema.JobStatus;
import io.asrhub.schema.PieceResult;
import io.asrhub.schema.PieceSegment;
import io.asrhub.schema.PieceStatus;
import io.asrhub.schema.PieceStitchState;
import io.asrhub.schema.Segment;
import io.asrhub.schema.TranscriptResult;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The stitching rules for one job, without Kafka: which piece results count, when the job is
 * complete, and the one final {@link TranscriptResult}. Its state is a {@link PieceStitchState}
 * so the stream processor can keep it in a state store.
 *
 * <p>The first result of each piece counts; repeats (a piece redone after a crash or rebalance)
 * are ignored. A FAILED piece finishes the job at once with a FAILED result naming the piece and
 * its time range, without a partial transcript. Once finished, everything else for the job is ignored.
 */
final class JobStitch {
    enum Outcome {
        /** A new piece; the job is not complete yet. */
        PROGRESS,
        /** The last missing piece: {@link #result()} is the stitched transcript. */
        COMPLETE,
        /** A piece failed: {@link #result()} is the job's FAILED result. */
        FAILED,
        /** This piece was already counted. */
        DUPLICATE,
        /** The job already has its final result. */
        FINISHED_BEFORE,
        /** Index outside 0..count-1, or a count that differs from the job's first piece. */
        INCONSISTENT
    }

    private final PieceStitchState state;
    private TranscriptResult result;
    private int piecesDone;

    private JobStitch(PieceStitchState state) {
        this.state = state;
    }

    static JobStitch resume(PieceStitchState state) {
        return new JobStitch(state);
    }

    static JobStitch begin(String jobId, int count) {
        return new JobStitch(PieceStitchState.newBuilder().setJobId(jobId).setCount(count)
                .setPieces(new HashMap<>()).build());
    }

    PieceStitchState state() {
        return state;
    }

    /** The final result after {@link Outcome#COMPLETE} or {@link Outcome#FAILED}. */
    TranscriptResult result() {
        return result;
    }

    Outcome accept(PieceResult piece, long nowMs) {
        if (state.getFinished()) {
            return Outcome.FINISHED_BEFORE;
        }
        if (piece.getCount() != state.getCount() || piece.getIndex() < 0 || piece.getIndex() >= state.getCount()) {
            return Outcome.INCONSISTENT;
        }
        String key = Integer.toString(piece.getIndex());
        if (state.getPieces().containsKey(key)) {
            return Outcome.DUPLICATE;
        }
        if (piece.getStatus() == PieceStatus.FAILED) {
            piecesDone = state.getPieces().size();
            result = failed(piece);
            finish(nowMs);
            return Outcome.FAILED;
        }
        state.getPieces().put(key, ByteBuffer.wrap(PieceCodec.encode(piece)));
        state.setAudioMsDone(state.getAudioMsDone() + piece.getDurationMs());
        piecesDone = state.getPieces().size();
        if (state.getPieces().size() < state.getCount()) {
            return Outcome.PROGRESS;
        }
        result = stitched(inOrder());
        finish(nowMs);
        return Outcome.COMPLETE;
    }

    /** Progress after the piece just accepted (or the failure). */
    JobProgress progress(PieceResult latest, long nowMs) {
        boolean failed = result != null && result.getStatus() == JobStatus.FAILED;
        return JobProgress.newBuilder().setJobId(state.getJobId()).setPiecesDone(piecesDone)
                .setPiecesTotal(state.getCount()).setAudioMsDone(state.getAudioMsDone())
                .setAudioMsTotal(latest.getAudioDurationMs()).setFailed(failed).setUpdatedAtMs(nowMs).build();
    }

    /** Keeps only a small marker, so repeats arriving later are recognised and ignored. */
    private void finish(long nowMs) {
        state.setFinished(true);
        state.setFinishedAtMs(nowMs);
        state.setPieces(new HashMap<>());
    }

    private List<PieceResult> inOrder() {
        List<PieceResult> pieces = new ArrayList<>(state.getCount());
        for (int i = 0; i < state.getCount(); i++) {
            try {
                pieces.add(PieceCodec.decodePieceResult(state.getPieces().get(Integer.toString(i))));
            } catch (IOException e) {
                throw new UncheckedIOException("piece " + i + " of " + state.getJobId() + " in the state store", e);
            }
        }
        return pieces;
    }

    /**
     * Segments moved by their piece's offset and texts joined in piece order. queueWaitMs is the
     * shortest wait of any piece (when the job started being recognised); processingMs the summed
     * slot time of all pieces; workerId every worker that did a piece.
     */
    private static TranscriptResult stitched(List<PieceResult> pieces) {
        PieceResult first = pieces.get(0);
        List<Segment> segments = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        String language = null;
        long processingMs = 0;
        long queueWaitMs = Long.MAX_VALUE;
        long durationMs = 0;
        Set<String> workers = new LinkedHashSet<>();
        for (PieceResult p : pieces) {
            for (PieceSegment s : p.getSegments()) {
                segments.add(new Segment(s.getStartMs() + p.getOffsetMs(), s.getEndMs() + p.getOffsetMs(), s.getText()));
            }
            String pieceText = p.getText().strip();
            if (!pieceText.isEmpty()) {
                text.append(text.length() > 0 ? " " : "").append(pieceText);
            }
            language = language != null ? language : p.getLanguage();
            processingMs += p.getProcessingMs();
            queueWaitMs = Math.min(queueWaitMs, p.getQueueWaitMs());
            durationMs += p.getDurationMs();
            if (!p.getWorkerId().isEmpty()) {
                workers.add(p.getWorkerId());
            }
        }
        return common(first).setStatus(JobStatus.OK).setText(text.toString()).setSegments(segments)
                .setLanguage(language).setAudioDurationMs(first.getAudioDurationMs() > 0 ? first.getAudioDurationMs()
                        : durationMs)
                .setQueueWaitMs(queueWaitMs).setProcessingMs(processingMs).setWorkerId(String.join(",", workers))
                .build();
    }

    private static TranscriptResult failed(PieceResult piece) {
        String where = String.format(Locale.ROOT, "piece %d/%d (%.1f s - %.1f s)", piece.getIndex() + 1,
                piece.getCount(), piece.getOffsetMs() / 1000.0, (piece.getOffsetMs() + piece.getDurationMs()) / 1000.0);
        String cause = piece.getErrorMessage() != null ? piece.getErrorMessage() : "no message";
        return common(piece).setStatus(JobStatus.FAILED)
                .setErrorCode(piece.getErrorCode() != null ? piece.getErrorCode() : "PROVIDER_FAILED")
                .setErrorMessage(where + " failed: " + cause).setAudioDurationMs(piece.getAudioDurationMs())
                .setQueueWaitMs(piece.getQueueWaitMs()).setProcessingMs(piece.getProcessingMs())
                .setWorkerId(piece.getWorkerId()).build();
    }

    private static TranscriptResult.Builder common(PieceResult piece) {
        return TranscriptResult.newBuilder().setJobId(piece.getJobId()).setProvider(piece.getProvider())
                .setModel(piece.getModel()).setLane(piece.getLane()).setSourceTopic(piece.getSourceTopic())
                .setSourcePartition(piece.getSourcePartition()).setSourceOffset(piece.getSourceOffset());
    }
}
