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
