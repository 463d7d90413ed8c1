package io.asrhub.worker;

import io.asrhub.kafka.WorkerSettings;
import io.asrhub.pieces.PieceSender;
import io.asrhub.pieces.PieceSettings;
import io.micrometer.core.instrument.MeterRegistry;

import org.apache.kafka.clients.producer.Producer;

import java.time.Duration;
import java.util.function.ToIntFunction;

/**
 * What a worker that takes part in the distributed long-audio path needs on its job threads:
 * the splitter for long jobs, the piece records, and their meters. Absent (null) when splitting is off.
 */
record PieceHandling(LongJobSplitter splitter, PieceRecords records, PieceMetrics metrics) {
    /**
     * Null when {@code pieces} is off. {@code partitionCount}: partitions of a topic, to spread pieces evenly;
     * {@code members}: the partitions each member taking pieces is assigned, where known (see {@link PiecePartitions}).
     * {@code pieceProducer}: a producer job threads may send on outside any transaction, so splits stream;
     * null to hold a split's pieces in memory and publish them with the parent's outcome.
     */
    static PieceHandling create(PieceSettings pieces, WorkerSettings settings, MeterRegistry registry,
                                ToIntFunction<String> partitionCount,
                                java.util.function.Function<String, java.util.List<java.util.List<Integer>>> members,
                                Producer<String, byte[]> pieceProducer) {
        if (!pieces.enabled()) {
            return null;
        }
        PieceRecords records = new PieceRecords(settings, pieces.topics(),
                new PiecePartitions(pieces.topics().pieces(), partitionCount, members));
        // Two minutes: longer than the producer's own delivery timeout, so its error is the one reported.
        PieceSender sender = pieceProducer == null ? null : new PieceSender(pieceProducer, Duration.ofSeconds(150));
        return new PieceHandling(new LongJobSplitter(pieces, settings, records, sender), records,
                new PieceMetrics(registry));
    }
}
