package io.asrhub.pieces;

import io.asrhub.config.Definition;
import io.asrhub.config.Settings;
import io.asrhub.errors.AsrException;

import java.util.List;

/**
 * Topics of the distributed long-audio path: the pieces long jobs are split into, their results,
 * and per-job progress. The one definition of the {@code topics.pieces*} / {@code topics.progress} keys.
 */
public record PieceTopics(String pieces, String pieceResults, String progress) {
    public static final Definition<String> PIECES = Definition.string("topics.pieces", "asr.pieces",
            "pieces of long jobs");
    public static final Definition<String> PIECE_RESULTS = Definition.string("topics.piece-results",
            "asr.pieces.results", "results of those pieces");
    public static final Definition<String> PROGRESS = Definition.string("topics.progress", "asr.progress",
            "progress of running long jobs");
    public static final List<Definition<?>> DEFINITIONS = List.of(PIECES, PIECE_RESULTS, PROGRESS);

    public static final PieceTopics DEFAULT = new PieceTopics(PIECES.defaultValue(), PIECE_RESULTS.defaultValue(),
            PROGRESS.defaultValue());

    public List<String> all() {
        return List.of(pieces, pieceResults, progress);
    }

    public static PieceTopics read(Settings settings) throws AsrException {
        return new PieceTopics(settings.get(PIECES), settings.get(PIECE_RESULTS), settings.get(PROGRESS));
    }
}
