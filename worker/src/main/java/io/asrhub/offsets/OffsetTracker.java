package io.asrhub.offsets;

import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Per-partition progress for the partitions this worker owns, stamped with an assignment epoch.
 * Every assignment of a partition starts a new epoch; a completion carries the epoch its record
 * was fetched in, and one from an earlier epoch (a job that outlived a revoke and a re-assign) is
 * ignored, because the new assignment fetched that record again and tracks it afresh. Used only
 * from the poll thread.
 */
public final class OffsetTracker {
    private final Map<TopicPartition, Owned> owned = new HashMap<>();
    private long nextEpoch = 1;

    private record Owned(long epoch, PartitionProgress progress) {
    }

    /** Starts a new epoch for each partition, discarding any state of an earlier assignment. */
    public void assigned(Collection<TopicPartition> partitions) {
        partitions.forEach(tp -> owned.put(tp, new Owned(nextEpoch++, new PartitionProgress())));
    }

    public void removed(Collection<TopicPartition> partitions) {
        partitions.forEach(owned::remove);
    }

    /** The current epoch of {@code tp}, or -1 when this worker does not own it. */
    public long epoch(TopicPartition tp) {
        Owned o = owned.get(tp);
        return o == null ? -1 : o.epoch();
    }

    public boolean isCurrent(TopicPartition tp, long epoch) {
        return epoch(tp) == epoch;
    }

    public void fetched(TopicPartition tp, long epoch, long offset) {
        apply(tp, epoch, p -> p.fetched(offset));
    }

    public void started(TopicPartition tp, long epoch, long offset) {
        apply(tp, epoch, p -> p.started(offset));
    }

    /** Marks a record finished; false when the completion belongs to an earlier epoch and was ignored. */
    public boolean finished(TopicPartition tp, long epoch, long offset) {
        return apply(tp, epoch, p -> p.finished(offset));
    }

    public void abandoned(TopicPartition tp, long epoch, long offset) {
        apply(tp, epoch, p -> p.abandoned(offset));
    }

    /** Undo {@link #finished} when a transaction carrying the result aborted. */
    public void reopen(TopicPartition tp, long epoch, long offset) {
        apply(tp, epoch, p -> p.fetched(offset));
    }

    private boolean apply(TopicPartition tp, long epoch, Consumer<PartitionProgress> action) {
        Owned o = owned.get(tp);
        if (o == null || o.epoch() != epoch) {
            return false;
        }
        action.accept(o.progress());
        return true;
    }

    public int running(Collection<TopicPartition> partitions) {
        return partitions.stream().map(owned::get).filter(o -> o != null).mapToInt(o -> o.progress().running()).sum();
    }

    public int running() {
        return running(owned.keySet());
    }

    /** Offsets that moved forward since the last commit, for the given partitions. */
    public Map<TopicPartition, OffsetAndMetadata> committable(Collection<TopicPartition> partitions) {
        Map<TopicPartition, OffsetAndMetadata> out = new HashMap<>();
        for (TopicPartition tp : partitions) {
            Owned o = owned.get(tp);
            if (o != null && o.progress().committable() >= 0) {
                out.put(tp, new OffsetAndMetadata(o.progress().committable()));
            }
        }
        return out;
    }

    public Map<TopicPartition, OffsetAndMetadata> committable() {
        return committable(owned.keySet());
    }

    public void committed(Map<TopicPartition, OffsetAndMetadata> offsets) {
        offsets.forEach((tp, om) -> {
            Owned o = owned.get(tp);
            if (o != null) {
                o.progress().committed(om.offset());
            }
        });
    }
}
