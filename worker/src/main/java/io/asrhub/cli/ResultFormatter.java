package io.asrhub.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.asrhub.schema.JobStatus;
import io.asrhub.schema.Segment;
import io.asrhub.schema.TranscriptResult;

/** Prints transcript records from the results or dead-letter topic. */
final class ResultFormatter {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ResultFormatter() {
    }

    static String format(TranscriptResult r, OutputFormat format, String label) {
        if (format == OutputFormat.JSON) {
            return json(r).toString();
        }
        String name = label != null ? label : r.getJobId();
        if (r.getStatus() == JobStatus.FAILED) {
            return String.format("[%s] %s: FAILED %s: %s", r.getLane(), name, r.getErrorCode(), r.getErrorMessage());
        }
        return String.format("[%s] %s (%.1f s audio, %d ms processing, %d ms queued, %s/%s, %s):%n  %s", r.getLane(),
                name, r.getAudioDurationMs() / 1000.0, r.getProcessingMs(), r.getQueueWaitMs(), r.getProvider(),
                r.getModel(), r.getWorkerId(), r.getText());
    }

    static ObjectNode json(TranscriptResult r) {
        ObjectNode o = JSON.createObjectNode();
        o.put("jobId", r.getJobId());
        o.put("status", r.getStatus().name());
        o.put("text", r.getText());
        ArrayNode segments = o.putArray("segments");
        for (Segment s : r.getSegments()) {
            segments.addObject().put("startMs", s.getStartMs()).put("endMs", s.getEndMs()).put("text", s.getText());
        }
        o.put("language", r.getLanguage());
        o.put("provider", r.getProvider());
        o.put("model", r.getModel());
        o.put("lane", r.getLane());
        o.put("audioDurationMs", r.getAudioDurationMs());
        o.put("queueWaitMs", r.getQueueWaitMs());
        o.put("processingMs", r.getProcessingMs());
        o.put("workerId", r.getWorkerId());
        o.put("attempts", r.getAttempts());
        o.put("errorCode", r.getErrorCode());
        o.put("errorMessage", r.getErrorMessage());
        return o;
    }
}
