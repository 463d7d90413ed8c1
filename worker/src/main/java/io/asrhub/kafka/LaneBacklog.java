package io.asrhub.kafka;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

import java.util.ArrayDeque;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * Records fetched but not started, per lane, and the back-pressure that follows from them: a lane
 * with a backlog has its partitions paused (fetching stops, polling goes on), and is resumed once
 * its backlog has been dispatched. Used only from the poll thread.
 */
final class LaneBacklog {
    private final Topics topics;
    private final Map<Lane, ArrayDeque<ConsumerRecord<String, byte[]>>> waiting = new EnumMap<>(Lane.class);
    private final Set<TopicPartition> paused = new HashSet<>();

    LaneBacklog(Topics topics) {
        this.topics = topics;
        for (Lane lane : Lane.values()) {
            waiting.put(lane, new ArrayDeque<>());
        }
    }

    void add(ConsumerRecord<String, byte[]> record) {
        waiting.get(topics.laneOf(record.topic())).add(record);
    }

    /** Starts backlog records, smallest lane first, while {@code admission} has a slot for their lane. */
    void dispatch(LaneAdmission admission, BiConsumer<ConsumerRecord<String, byte[]>, Lane> start) {
        for (Lane lane : Lane.values()) {
            ArrayDeque<ConsumerRecord<String, byte[]>> queue = waiting.get(lane);
            while (!queue.isEmpty() && admission.tryStart(lane)) {
                start.accept(queue.poll(), lane);
            }
        }
    }

    /** Pauses lanes with a backlog (all lanes when {@code stopping}) and resumes the others. */
    void applyBackPressure(Consumer<String, byte[]> consumer, boolean stopping) {
        Set<TopicPartition> assignment = consumer.assignment();
        Set<TopicPartition> shouldPause = new HashSet<>();
        for (TopicPartition tp : assignment) {
            if (stopping || !waiting.get(topics.laneOf(tp.topic())).isEmpty()) {
                shouldPause.add(tp);
            }
        }
        Set<TopicPartition> resume = new HashSet<>(paused);
        resume.removeAll(shouldPause);
        resume.retainAll(assignment);
        Set<TopicPartition> pause = new HashSet<>(shouldPause);
        pause.removeAll(paused);
        if (!pause.isEmpty()) {
            consumer.pause(pause);
        }
        if (!resume.isEmpty()) {
            consumer.resume(resume);
        }
        paused.clear();
        paused.addAll(shouldPause);
    }

    /** Forgets records of partitions this worker no longer owns; the new owner fetches them again. */
    void drop(Collection<TopicPartition> partitions) {
        waiting.values().forEach(q -> q.removeIf(r -> partitions.contains(new TopicPartition(r.topic(), r.partition()))));
        paused.removeAll(partitions);
    }

    void clear() {
        waiting.values().forEach(ArrayDeque::clear);
    }
}
