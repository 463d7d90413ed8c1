package io.asrhub.kafka;

import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/**
 * Per-partition progress for the partitions this worker owns. Completions for partitions it no
 * longer owns are ignored here: their records will be redone by the new owner, which at worst
 * repeats work and never skips it. Used only from the poll thread.
 */
final class OffsetTracker {
    private final Map<TopicPartition, PartitionProgress> owned = new HashMap<>();

    void assigned(Collection<TopicPartition> partitions) {
        partitions.forEach(tp -> owned.putIfAbsent(tp, new PartitionProgress()));
    }

    void removed(Collection<TopicPartition> partitions) {
        partitions.forEach(owned::remove);
    }

    void fetched(TopicPartition tp, long offset) {
        withPartition(tp, p -> p.fetched(offset));
    }

    void started(TopicPartition tp, long offset) {
        withPartition(tp, p -> p.started(offset));
    }

    void finished(TopicPartition tp, long offset) {
        withPartition(tp, p -> p.finished(offset));
    }

    void abandoned(TopicPartition tp, long offset) {
        withPartition(tp, p -> p.abandoned(offset));
    }

    /** Undo {@link #finished} when a transaction carrying the result aborted. */
    void reopen(TopicPartition tp, long offset) {
        withPartition(tp, p -> p.fetched(offset));
    }

    private void withPartition(TopicPartition tp, java.util.function.Consumer<PartitionProgress> action) {
        PartitionProgress p = owned.get(tp);
        if (p != null) {
            action.accept(p);
        }
    }

    int running(Collection<TopicPartition> partitions) {
        return partitions.stream().map(owned::get).filter(p -> p != null).mapToInt(PartitionProgress::running).sum();
    }

    int running() {
        return running(owned.keySet());
    }

    /** Offsets that moved forward since the last commit, for the given partitions. */
    Map<TopicPartition, OffsetAndMetadata> committable(Collection<TopicPartition> partitions) {
        Map<TopicPartition, OffsetAndMetadata> out = new HashMap<>();
        for (TopicPartition tp : partitions) {
            PartitionProgress p = owned.get(tp);
            if (p != null && p.committable() >= 0) {
                out.put(tp, new OffsetAndMetadata(p.committable()));
            }
        }
        return out;
    }

    Map<TopicPartition, OffsetAndMetadata> committable() {
        return committable(owned.keySet());
    }

    void committed(Map<TopicPartition, OffsetAndMetadata> offsets) {
        offsets.forEach((tp, om) -> {
            PartitionProgress p = owned.get(tp);
            if (p != null) {
                p.committed(om.offset());
            }
        });
    }
}
