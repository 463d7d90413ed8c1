package io.asrhub.worker;

import io.asrhub.publish.ResultPublisher;
import io.asrhub.records.Lane;
import org.apache.kafka.common.TopicPartition;

import java.time.Duration;
import java.util.List;

/**
 * Where the worker's records come from, and how finishing one becomes final there: a consumer
 * group (pause/resume, assignment epochs, contiguous offset commits, transactions) or share groups
 * (acquisition locks renewed while a job is queued, running or backing off; accept, reject or
 * release per record). The job pipeline ({@link AsrWorker}) drives it from its poll thread and
 * never asks which one it is; every method is called on that thread unless it says otherwise.
 *
 * <p>A delivery is named by its record's partition and offset plus the {@code epoch} the source
 * handed out with it (an assignment epoch, or a lock generation): a delivery whose epoch is no
 * longer current is not this worker's to settle any more, and whatever it produced is dropped.
 */
public interface JobSource {
    /** Subscribes. {@code pipeline} is what the source may ask of the worker (e.g. on a revocation). */
    void open(Pipeline pipeline);

    /** Records fetched now; {@code running} false while stopping (the source then takes nothing new). */
    List<Fetched> poll(Duration timeout, boolean running);

    /** Once per loop turn: back-pressure or lock renewal, and commits or acknowledgements that are due. */
    void maintain(boolean running);

    /** The output path whose acknowledgements settle this source's deliveries. */
    ResultPublisher publisher();

    boolean isCurrent(TopicPartition partition, long epoch, long offset);

    /** A job of this delivery got a slot and runs now. */
    void started(TopicPartition partition, long epoch, long offset);

    /** The job failed transiently and will run again here after a backoff: keep the delivery. */
    void retrying(TopicPartition partition, long epoch, long offset);

    /** Given up unfinished (shutdown, revocation): whoever takes the record next does it again. */
    void abandoned(TopicPartition partition, long epoch, long offset);

    /** Stopping: take nothing new, but keep the membership alive while running jobs finish. */
    void pauseAll();

    /** Last step of a graceful stop: make final what was written, let go of the rest, close. */
    void finish();

    /** After a failure or a kill: close at once. */
    void closeNow();

    /** Any thread: interrupts a blocking poll (stop, kill). */
    void wakeup();

    /**
     * Partitions of {@code topic}, so that a split's pieces can be spread evenly over the members that
     * own them; 0 where placement does not matter or the count is unknown (pieces are then keyed).
     * Called from job threads.
     */
    default int partitionCount(String topic) {
        return 0;
    }

    /**
     * The partitions of {@code topic} each member of the group that takes pieces is assigned now, one
     * list per member, where the source can ask (a share group: its assignor hands out whole partitions
     * in no fixed pattern); empty where unknown. Called from job threads.
     */
    default java.util.List<java.util.List<Integer>> pieceMembers(String topic) {
        return java.util.List.of();
    }

    /**
     * A producer that job threads may send a split's pieces on as they are cut, outside any
     * transaction; null where there is none (exactly-once: the one producer is transactional), and
     * a split's pieces are then held in memory and published with the parent's outcome.
     */
    default org.apache.kafka.clients.producer.Producer<String, byte[]> pieceProducer() {
        return null;
    }

    /** Partitions this worker holds now (consumer group), or -1 where the notion does not apply. */
    int ownedPartitions();

    /** Partition revocations so far (consumer group; 0 otherwise). */
    int revocations();

    /** How records are taken, for start-up lines: e.g. "consumer group G, pieces via share group G-pieces". */
    String describe();

    /** Records behind the end of {@code lane} as the source sees them, or NaN when it cannot tell. */
    double lag(Lane lane);

    /** A fetched record: a lane job ({@code lane} set) or a piece of a long job ({@code lane} null). */
    record Fetched(org.apache.kafka.clients.consumer.ConsumerRecord<String, byte[]> record, long epoch, Lane lane,
                   int earlierDeliveries) {
        boolean isPiece() {
            return lane == null;
        }
    }

    /** What a source may ask of the job pipeline. */
    interface Pipeline {
        /** The source holds partitions now (readiness). */
        void assigned();

        /** Forget queued jobs of {@code partitions}: another worker owns them now. */
        void dropQueued(java.util.Collection<TopicPartition> partitions);

        /** Publish what finished since the last call (e.g. while waiting out a revocation). */
        void handleFinished();

        /** True while the worker is being killed: nothing more may be published or committed. */
        boolean aborting();

        /** Whether to fetch more for {@code lane} (null: pieces): nothing of it is queued and a slot is free. */
        boolean wantsMore(Lane lane);

        /** Partitions with at least {@code limit} jobs queued (to pause them). */
        java.util.Set<TopicPartition> partitionsWaiting(int limit);

        /** Counts jobs abandoned uncommitted by a revocation. */
        void abandonedOnRevocation(Lane lane, int jobs);
    }
}
