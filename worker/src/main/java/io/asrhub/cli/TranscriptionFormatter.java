package io.asrhub.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.asrhub.provider.Segment;
import io.asrhub.recognition.Transcription;

import java.util.List;

/** Renders a transcription as plain text, one JSON object per line, SRT or WebVTT. */
public final class TranscriptionFormatter {
    private static final ObjectMapper JSON = new ObjectMapper();

    private TranscriptionFormatter() {
    }

    public static String format(Transcription t, OutputFormat format) {
        return switch (format) {
            case TEXT -> t.transcript().text();
            case JSON -> json(t);
            case SRT -> subtitles(t.transcript().segments(), false);
            case VTT -> "WEBVTT\n\n" + subtitles(t.transcript().segments(), true);
        };
    }

    public static ObjectNode toJson(Transcription t) {
        ObjectNode root = JSON.createObjectNode();
        root.put("file", t.source());
        root.put("text", t.transcript().text());
        ArrayNode segments = root.putArray("segments");
        for (Segment s : t.transcript().segments()) {
            segments.addObject().put("startMs", s.startMs()).put("endMs", s.endMs()).put("text", s.text());
        }
        root.put("language", t.transcript().language());
        root.put("provider", t.provider());
        root.put("model", t.model());
        root.put("sourceFormat", t.sourceFormat());
        root.put("audioDurationMs", t.audioDurationMs());
        root.put("queueWaitMs", t.waitMs());
        root.put("processingMs", t.processingMs());
        root.put("realTimeFactor", Math.round(t.realTimeFactor() * 1000) / 1000.0);
        root.put("pieces", t.pieces());
        root.put("truncated", t.truncated());
        return root;
    }

    private static String json(Transcription t) {
        return toJson(t).toString();
    }

    private static String subtitles(List<Segment> segments, boolean vtt) {
        StringBuilder out = new StringBuilder();
        int index = 1;
        for (Segment s : segments) {
            if (!vtt) {
                out.append(index++).append('\n');
            }
            out.append(timestamp(s.startMs(), vtt)).append(" --> ").append(timestamp(s.endMs(), vtt)).append('\n')
                    .append(s.text()).append("\n\n");
        }
        return out.toString().stripTrailing() + "\n";
    }

    static String timestamp(long ms, boolean vtt) {
        long h = ms / 3_600_000;
        long m = ms / 60_000 % 60;
        long s = ms / 1000 % 60;
        long milli = ms % 1000;
        return String.format("%02d:%02d:%02d%s%03d", h, m, s, vtt ? "." : ",", milli);
    }
}
