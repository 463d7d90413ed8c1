package io.asrhub.worker;

import io.asrhub.kafka.WorkerSettings;
import io.asrhub.pieces.PieceSettings;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * What a worker that takes part in the distributed long-audio path needs on its job threads:
 * the splitter for long jobs, the piece records, and their meters. Absent (null) when splitting is off.
 */
record PieceHandling(LongJobSplitter splitter, PieceRecords records, PieceMetrics metrics) {
    /** Null when {@code pieces} is off. */
    static PieceHandling create(PieceSettings pieces, WorkerSettings settings, MeterRegistry registry) {
        if (!pieces.enabled()) {
            return null;
        }
        PieceRecords records = new PieceRecords(settings, pieces.topics());
        return new PieceHandling(new LongJobSplitter(pieces, settings, records), records, new PieceMetrics(registry));
    }
}
