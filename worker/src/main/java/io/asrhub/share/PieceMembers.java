package io.asrhub.share;

import io.asrhub.kafka.KafkaClients;
import io.asrhub.kafka.WorkerSettings;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Which partitions of the pieces topic each member of the pieces share group is assigned now, from
 * the group's description on the broker: with fewer members than partitions the share assignor gives
 * each member whole partitions, in no fixed pattern, so a splitting worker places pieces by it to give
 * every member its share. One admin client, made on first use; any failure answers "unknown".
 */
final class PieceMembers implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PieceMembers.class);
    private static final long TIMEOUT_MS = 2_000;

    private final WorkerSettings settings;
    private final String group;
    private Admin admin;

    PieceMembers(WorkerSettings settings, String group) {
        this.settings = settings;
        this.group = group;
    }

    /** One list of partitions of {@code topic} per member that has some, ordered by their first; empty if unknown. */
    synchronized List<List<Integer>> of(String topic) {
        try {
            if (admin == null) {
                admin = KafkaClients.admin(settings);
            }
            List<List<Integer>> out = new ArrayList<>();
            for (var member : admin.describeShareGroups(List.of(group)).all().get(TIMEOUT_MS, TimeUnit.MILLISECONDS)
                    .get(group).members()) {
                List<Integer> own = member.assignment().topicPartitions().stream()
                        .filter(tp -> tp.topic().equals(topic)).map(TopicPartition::partition).sorted().toList();
                if (!own.isEmpty()) {
                    out.add(own);
                }
            }
            out.sort(Comparator.comparing(l -> l.get(0)));
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return List.of();
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            LOG.debug("describing share group {}: {}", group, e.toString());
            return List.of();
        }
    }

    @Override
    public synchronized void close() {
        if (admin != null) {
            admin.close(java.time.Duration.ofSeconds(1));
        }
    }
}
