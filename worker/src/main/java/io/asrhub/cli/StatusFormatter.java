package io.asrhub.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.asrhub.client.JobState;
import io.asrhub.schema.JobProgress;
import io.asrhub.schema.TranscriptResult;

import java.util.Locale;

/** Prints one {@link JobState}: a line (or two) of text, or one JSON object. */
final class StatusFormatter {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** How much of a transcript the text form shows. */
    static final int TEXT_PREVIEW = 80;

    private StatusFormatter() {
    }

    static String text(JobState s) {
        TranscriptResult r = s.result();
        JobProgress p = s.progress();
        JobState.LanePosition at = s.position();
        return switch (s.stage()) {
            case DONE -> String.format(Locale.ROOT, "%s: done [%s] by %s, %.1f s audio: %s", s.jobId(), r.getLane(),
                    r.getWorkerId(), r.getAudioDurationMs() / 1000.0, preview(r.getText()));
            case FAILED -> String.format("%s: failed [%s] %s: %s", s.jobId(), r.getLane(), r.getErrorCode(),
                    r.getErrorMessage());
            case IN_PROGRESS -> String.format(Locale.ROOT, "%s: in progress, %d/%d pieces, %.1f/%.1f s audio%s",
                    s.jobId(), p.getPiecesDone(), p.getPiecesTotal(), p.getAudioMsDone() / 1000.0,
                    p.getAudioMsTotal() / 1000.0, p.getFailed() ? " (a piece failed; result not published yet)" : "");
            case TAKEN -> String.format("%s: taken by a worker (%s, group committed past it), no result yet",
                    s.jobId(), where(at));
            case QUEUED -> String.format("%s: queued (%s), %d record(s) ahead of it in its partition",
                    s.jobId(), where(at), at.recordsAhead());
            case UNKNOWN -> s.jobId() + ": unknown (not in any lane, the progress or the results topic)";
        };
    }

    static ObjectNode json(JobState s) {
        ObjectNode o = JSON.createObjectNode();
        o.put("jobId", s.jobId());
        o.put("state", s.stage().name().toLowerCase(Locale.ROOT));
        JobState.LanePosition at = s.position();
        if (at != null) {
            o.put("topic", at.topic());
            o.put("partition", at.partition());
            o.put("offset", at.offset());
            if (at.committedOffset() != null) {
                o.put("committedOffset", at.committedOffset());
            } else {
                o.putNull("committedOffset");
            }
            o.put("recordsAhead", at.recordsAhead());
        }
        JobProgress p = s.progress();
        if (p != null) {
            o.putObject("progress").put("piecesDone", p.getPiecesDone()).put("piecesTotal", p.getPiecesTotal())
                    .put("audioMsDone", p.getAudioMsDone()).put("audioMsTotal", p.getAudioMsTotal())
                    .put("failed", p.getFailed()).put("updatedAtMs", p.getUpdatedAtMs());
        }
        if (s.result() != null) {
            o.set("result", ResultFormatter.json(s.result()));
        }
        return o;
    }

    private static String where(JobState.LanePosition at) {
        return at.topic() + " partition " + at.partition() + " offset " + at.offset();
    }

    /** The first {@link #TEXT_PREVIEW} characters on one line, an ellipsis when cut. */
    static String preview(String text) {
        String line = text.strip().replaceAll("\\s+", " ");
        return line.length() <= TEXT_PREVIEW ? line : line.substring(0, TEXT_PREVIEW - 3) + "...";
    }
}
