package io.asrhub.assembly;

import io.asrhub.publish.Completion;
import io.asrhub.publish.ResultPublisher;
import org.apache.kafka.common.TopicPartition;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The output path of a worker whose lanes and pieces come from different sources: each completion
 * goes to the publisher of the source its record came from, so a lane job's result settles through
 * the consumer group (offsets, or the transaction in exactly-once mode) and a piece's result through
 * the pieces' share group (acknowledged once written). Poll thread only, like every publisher.
 */
final class RoutedPublisher implements ResultPublisher {
    private final ResultPublisher lanes;
    private final ResultPublisher pieces;
    private final String piecesTopic;

    RoutedPublisher(ResultPublisher lanes, ResultPublisher pieces, String piecesTopic) {
        this.lanes = lanes;
        this.pieces = pieces;
        this.piecesTopic = piecesTopic;
    }

    @Override
    public void publish(List<Completion> completions) {
        List<Completion> ofLanes = new ArrayList<>();
        List<Completion> ofPieces = new ArrayList<>();
        for (Completion c : completions) {
            (c.partition().topic().equals(piecesTopic) ? ofPieces : ofLanes).add(c);
        }
        if (!ofLanes.isEmpty()) {
            lanes.publish(ofLanes);
        }
        if (!ofPieces.isEmpty()) {
            pieces.publish(ofPieces);
        }
    }

    @Override
    public void collectAcknowledgements() {
        lanes.collectAcknowledgements();
        pieces.collectAcknowledgements();
    }

    @Override
    public void commit(boolean sync, Collection<TopicPartition> partitions) {
        lanes.commit(sync, partitions);
        pieces.commit(sync, partitions);
    }

    /** Both within {@code timeout} together: the pieces get what the lanes left of it. */
    @Override
    public void flush(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        lanes.flush(timeout);
        pieces.flush(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
    }

    @Override
    public void close() {
        try {
            pieces.close();
        } finally {
            lanes.close();
        }
    }
}
