package io.asrhub.assembly;

import io.asrhub.publish.ResultPublisher;
import io.asrhub.records.Lane;
import io.asrhub.worker.JobSource;
import org.apache.kafka.common.TopicPartition;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;

/**
 * Lanes from a consumer group, pieces of long jobs from a share group: the consumer group keeps
 * everything it promises for jobs (one owner per partition, contiguous commits, exactly-once
 * transactions when asked for), while any idle worker takes the next piece instead of each worker
 * running only the pieces of the partitions it owns. Each call about a delivery goes to the source
 * its record came from, told apart by topic. Pieces are at-least-once: a piece run twice gives the
 * same piece result twice, which the stitcher keeps once.
 */
final class SharedPiecesSource implements JobSource {
    private final JobSource lanes;
    private final JobSource pieces;
    private final String piecesTopic;
    private final RoutedPublisher publisher;

    /** @param lanes a consumer-group source not subscribed to the pieces topic; @param pieces a share source of it */
    SharedPiecesSource(JobSource lanes, JobSource pieces, String piecesTopic) {
        this.lanes = lanes;
        this.pieces = pieces;
        this.piecesTopic = piecesTopic;
        this.publisher = new RoutedPublisher(lanes.publisher(), pieces.publisher(), piecesTopic);
    }

    private JobSource of(TopicPartition partition) {
        return partition.topic().equals(piecesTopic) ? pieces : lanes;
    }

    @Override
    public void open(Pipeline pipeline) {
        lanes.open(pipeline);
        pieces.open(new ReadinessFromLanes(pipeline));
    }

    /** Pieces first without waiting; the consumer group's poll then sets the loop's pace. */
    @Override
    public List<Fetched> poll(Duration timeout, boolean running) {
        List<Fetched> out = new ArrayList<>(pieces.poll(Duration.ZERO, running));
        out.addAll(lanes.poll(out.isEmpty() ? timeout : Duration.ZERO, running));
        return out;
    }

    @Override
    public void maintain(boolean running) {
        lanes.maintain(running);
        pieces.maintain(running);
    }

    @Override
    public ResultPublisher publisher() {
        return publisher;
    }

    @Override
    public boolean isCurrent(TopicPartition partition, long epoch, long offset) {
        return of(partition).isCurrent(partition, epoch, offset);
    }

    @Override
    public void started(TopicPartition partition, long epoch, long offset) {
        of(partition).started(partition, epoch, offset);
    }

    @Override
    public void retrying(TopicPartition partition, long epoch, long offset) {
        of(partition).retrying(partition, epoch, offset);
    }

    @Override
    public void abandoned(TopicPartition partition, long epoch, long offset) {
        of(partition).abandoned(partition, epoch, offset);
    }

    @Override
    public void pauseAll() {
        lanes.pauseAll();
        pieces.pauseAll();
    }

    @Override
    public void finish() {
        try {
            pieces.finish();
        } finally {
            lanes.finish();
        }
    }

    @Override
    public void closeNow() {
        try {
            pieces.closeNow();
        } finally {
            lanes.closeNow();
        }
    }

    @Override
    public void wakeup() {
        lanes.wakeup();
        pieces.wakeup();
    }

    /**
     * From the consumer group's producer metadata, the pieces topic too: the share group's assignor
     * shares a partition between workers only when the group has more members than partitions, so
     * with more partitions than workers each worker gets whole partitions, and pieces spread evenly
     * over them give every worker an even share (keyed pieces gave 9/13 of 22 on two workers).
     */
    /** A lane job is split on the lanes' side: its pieces go out on the lanes' producer (none in exactly-once). */
    @Override
    public org.apache.kafka.clients.producer.Producer<String, byte[]> pieceProducer() {
        return lanes.pieceProducer();
    }

    @Override
    public int partitionCount(String topic) {
        return lanes.partitionCount(topic);
    }

    @Override
    public List<List<Integer>> pieceMembers(String topic) {
        return pieces.pieceMembers(topic);
    }

    @Override
    public int ownedPartitions() {
        return lanes.ownedPartitions();
    }

    @Override
    public int revocations() {
        return lanes.revocations();
    }

    @Override
    public double lag(Lane lane) {
        return lanes.lag(lane);
    }

    @Override
    public String describe() {
        return lanes.describe() + ", " + pieces.describe();
    }

    /**
     * The pipeline as the pieces' share source sees it: a share group has no assignment, so it would
     * call the worker ready at once; readiness is the consumer group's to report (its lanes assigned).
     */
    private record ReadinessFromLanes(Pipeline pipeline) implements Pipeline {
        @Override
        public void assigned() {
            // the consumer group reports it
        }

        @Override
        public void dropQueued(Collection<TopicPartition> partitions) {
            pipeline.dropQueued(partitions);
        }

        @Override
        public void handleFinished() {
            pipeline.handleFinished();
        }

        @Override
        public boolean aborting() {
            return pipeline.aborting();
        }

        @Override
        public boolean wantsMore(Lane lane) {
            return pipeline.wantsMore(lane);
        }

        @Override
        public Set<TopicPartition> partitionsWaiting(int limit) {
            return pipeline.partitionsWaiting(limit);
        }

        @Override
        public void abandonedOnRevocation(Lane lane, int jobs) {
            pipeline.abandonedOnRevocation(lane, jobs);
        }
    }
}
