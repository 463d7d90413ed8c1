package io.asrhub.provider;

import java.util.List;

/** What one recognizer returns for one audio clip. {@code language} is null when unknown. */
public record Transcript(String text, List<Segment> segments, String language) {
    public Transcript {
        segments = List.copyOf(segments);
    }

    public static Transcript fromSegments(List<Segment> segments, String language) {
        StringBuilder text = new StringBuilder();
        for (Segment s : segments) {
            String t = s.text().strip();
            if (!t.isEmpty()) {
                if (text.length() > 0) {
                    text.append(' ');
                }
                text.append(t);
            }
        }
        return new Transcript(text.toString(), segments, language);
    }
}
