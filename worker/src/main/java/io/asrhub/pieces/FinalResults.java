package io.asrhub.pieces;

import io.asrhub.errors.ErrorCode;
import io.asrhub.schema.JobStatus;
import io.asrhub.schema.PieceResult;
import io.asrhub.schema.PieceSegment;
import io.asrhub.schema.Segment;
import io.asrhub.schema.SplitManifest;
import io.asrhub.schema.TranscriptResult;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** The one final result of a split job: stitched from its pieces, or FAILED naming why. */
final class FinalResults {
    private FinalResults() {
    }

    /**
     * Segments moved by their piece's offset and texts joined in piece order. queueWaitMs is the
     * shortest wait of any piece (when the job started being recognised); processingMs the summed
     * slot time of all pieces; workerId every worker that did a piece.
     */
    static TranscriptResult stitched(List<PieceResult> pieces) {
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

    static TranscriptResult pieceFailed(PieceResult piece) {
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

    /** The split went silent: no manifest or piece result counted for the split timeout. */
    static TranscriptResult timedOut(SplitManifest manifest, long timeoutMs, int piecesDone) {
        return TranscriptResult.newBuilder().setJobId(manifest.getJobId()).setStatus(JobStatus.FAILED)
                .setErrorCode(ErrorCode.SPLIT_TIMEOUT.name())
                .setErrorMessage(String.format(Locale.ROOT, "no piece result for %d ms (chunking.split-timeout-ms): "
                        + "%d of %d pieces done", timeoutMs, piecesDone, manifest.getCount()))
                .setLane(manifest.getLane()).setAudioDurationMs(manifest.getAudioDurationMs())
                .setWorkerId(manifest.getWorkerId()).setSourceTopic(manifest.getSourceTopic())
                .setSourcePartition(manifest.getSourcePartition()).setSourceOffset(manifest.getSourceOffset()).build();
    }
}
