package io.asrhub.pieces;

import io.asrhub.config.Settings;

import java.util.List;

/**
 * Topics of the distributed long-audio path: the pieces long jobs are split into, their results,
 * and per-job progress. The one definition of the {@code topics.pieces*} / {@code topics.progress} keys.
 */
public record PieceTopics(String pieces, String pieceResults, String progress) {
    public static final String PIECES = "topics.pieces";
    public static final String PIECE_RESULTS = "topics.piece-results";
    public static final String PROGRESS = "topics.progress";

    public static final PieceTopics DEFAULT = new PieceTopics("asr.pieces", "asr.pieces.results", "asr.progress");

    public static List<String> knownKeys() {
        return List.of(PIECES, PIECE_RESULTS, PROGRESS);
    }

    public List<String> all() {
        return List.of(pieces, pieceResults, progress);
    }

    public static PieceTopics read(Settings settings) {
        return new PieceTopics(settings.get(PIECES, DEFAULT.pieces()),
                settings.get(PIECE_RESULTS, DEFAULT.pieceResults()), settings.get(PROGRESS, DEFAULT.progress()));
    }
}
