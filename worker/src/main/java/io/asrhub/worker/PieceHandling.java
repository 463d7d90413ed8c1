package io.asrhub.worker;

import io.asrhub.kafka.WorkerSettings;
import io.asrhub.pieces.PieceSettings;
import io.micrometer.core.instrument.MeterRegistry;

import java.util.function.ToIntFunction;

/**
 * What a worker that takes part in the distributed long-audio path needs on its job threads:
 * the splitter for long jobs, the piece records, and their meters. Absent (null) when splitting is off.
 */
record PieceHandling(LongJobSplitter splitter, PieceRecords records, PieceMetrics metrics) {
    /** Null when {@code pieces} is off. {@code partitionCount}: partitions of a topic, to spread pieces evenly. */
    static PieceHandling create(PieceSettings pieces, WorkerSettings settings, MeterRegistry registry,
                                ToIntFunction<String> partitionCount) {
        if (!pieces.enabled()) {
            return null;
        }
        PieceRecords records = new PieceRecords(settings, pieces.topics(),
                new PiecePartitions(pieces.topics().pieces(), partitionCount));
        return new PieceHandling(new LongJobSplitter(pieces, settings, records), records, new PieceMetrics(registry));
    }
}
