package io.asrhub.client;

import io.asrhub.kafka.WorkerSettings;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;

/**
 * Creates the lane, result and dead-letter topics if they are missing, and the topics of the
 * distributed long-audio path (pieces, piece results, progress).
 */
public final class TopicAdmin {
    private TopicAdmin() {
    }

    /**
     * Which of {@code topics} do not exist, or null when that cannot be told within {@code timeout}
     * (broker unreachable, no describe rights): the caller then goes on as if they existed.
     */
    public static List<String> missing(WorkerSettings s, List<String> topics, java.time.Duration timeout)
            throws InterruptedException {
        Admin admin = io.asrhub.kafka.KafkaClients.admin(s);
        try {
            java.util.Set<String> existing = admin.listTopics().names()
                    .get(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
            return topics.stream().filter(t -> !existing.contains(t)).toList();
        } catch (ExecutionException | java.util.concurrent.TimeoutException | RuntimeException e) {
            return null;
        } finally {
            admin.close(java.time.Duration.ZERO); // an unanswered request must not hold up the caller
        }
    }

    public static void ensureTopics(WorkerSettings s, int lanePartitions, short replication)
            throws InterruptedException {
        ensureTopics(s, io.asrhub.pieces.PieceTopics.DEFAULT, lanePartitions, replication);
    }

    public static void ensureTopics(WorkerSettings s, io.asrhub.pieces.PieceTopics pieces, int lanePartitions,
                                    short replication) throws InterruptedException {
        try (Admin admin = io.asrhub.kafka.KafkaClients.admin(s)) {
            Map<String, String> large = Map.of("max.message.bytes", String.valueOf(s.maxMessageBytes()));
            List<NewTopic> topics = new ArrayList<>();
            for (String lane : s.topics().lanes()) {
                topics.add(new NewTopic(lane, lanePartitions, replication).configs(large));
            }
            topics.add(new NewTopic(s.topics().results(), lanePartitions, replication));
            topics.add(new NewTopic(s.topics().deadLetters(), 1, replication)
                    .configs(Map.of("max.message.bytes", String.valueOf(s.maxMessageBytes() + 1024 * 1024))));
            // Pieces are spread over the group by partition: as many as the lanes have.
            topics.add(new NewTopic(pieces.pieces(), lanePartitions, replication).configs(large));
            topics.add(new NewTopic(pieces.pieceResults(), lanePartitions, replication));
            topics.add(new NewTopic(pieces.progress(), lanePartitions, replication));
            for (NewTopic topic : topics) {
                try {
                    admin.createTopics(List.of(topic)).all().get();
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException("cannot create topic " + topic.name() + ": " + e.getCause(), e);
                    }
                }
            }
        }
    }
}
