package io.asrhub.worker;

/**
 * What a worker that takes part in the distributed long-audio path needs on its job threads:
 * the splitter for long jobs, the piece records, and their meters. Absent (null) in share mode,
 * which runs every job whole.
 */
record PieceHandling(LongJobSplitter splitter, PieceRecords records, PieceMetrics metrics) {
}
