package io.asrhub.recognition;

import io.asrhub.audio.AudioSlice;
import io.asrhub.provider.Segment;
import io.asrhub.provider.Transcript;

import java.util.ArrayList;
import java.util.List;

/**
 * Joins the transcripts of a recording's pieces, in piece order, into the transcript of the whole:
 * each segment is moved by its piece's start so timestamps refer to the recording.
 */
public final class TranscriptJoiner {
    private TranscriptJoiner() {
    }

    /** {@code transcripts.get(i)} is the transcript of {@code pieces.get(i)}. */
    public static Transcript stitch(List<AudioSlice> pieces, List<Transcript> transcripts) {
        if (pieces.size() != transcripts.size()) {
            throw new IllegalArgumentException(pieces.size() + " pieces but " + transcripts.size() + " transcripts");
        }
        List<Segment> segments = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        String language = null;
        for (int i = 0; i < pieces.size(); i++) {
            long offsetMs = pieces.get(i).startMs();
            Transcript t = transcripts.get(i);
            for (Segment s : t.segments()) {
                segments.add(new Segment(s.startMs() + offsetMs, s.endMs() + offsetMs, s.text()));
            }
            String pieceText = t.text().strip();
            if (!pieceText.isEmpty()) {
                text.append(text.length() > 0 ? " " : "").append(pieceText);
            }
            language = language != null ? language : t.language();
        }
        return new Transcript(text.toString(), segments, language);
    }
}
