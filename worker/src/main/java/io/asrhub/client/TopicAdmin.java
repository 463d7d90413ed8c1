package io.asrhub.client;

import io.asrhub.kafka.KafkaClients;
import io.asrhub.kafka.WorkerSettings;
import io.asrhub.pieces.PieceTopics;
import io.asrhub.topics.ExistingTopic;
import io.asrhub.topics.TopicLayout;
import io.asrhub.topics.TopicPlan;
import io.asrhub.topics.TopicSpec;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.TopicExistsException;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Plans and creates asr-hub's topics (lanes, results, dead letters, pieces, piece results,
 * progress) as a {@link TopicLayout} wants them. Existing topics are described and compared, never
 * altered; see {@link TopicPlan}.
 */
public final class TopicAdmin {
    /** How long {@link #apply} waits for new topics to have a leader on every partition. */
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(30);

    private TopicAdmin() {
    }

    /**
     * Which of {@code topics} do not exist, or null when that cannot be told within {@code timeout}
     * (broker unreachable, no describe rights): the caller then goes on as if they existed.
     */
    public static List<String> missing(WorkerSettings s, List<String> topics, Duration timeout)
            throws InterruptedException {
        Admin admin = KafkaClients.admin(s);
        try {
            Set<String> existing = admin.listTopics().names().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return topics.stream().filter(t -> !existing.contains(t)).toList();
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            return null;
        } finally {
            admin.close(Duration.ZERO); // an unanswered request must not hold up the caller
        }
    }

    /** What provisioning {@code layout} would do on the cluster {@code s} points at. */
    public static TopicPlan plan(WorkerSettings s, PieceTopics pieces, TopicLayout layout)
            throws InterruptedException, ExecutionException {
        try (Admin admin = KafkaClients.admin(s)) {
            int brokers = admin.describeCluster().nodes().get().size();
            List<TopicSpec> wanted = layout.specs(s, pieces, brokers);
            Set<String> names = admin.listTopics().names().get();
            List<String> present = wanted.stream().map(TopicSpec::name).filter(names::contains).toList();
            Map<String, ExistingTopic> existing = new HashMap<>();
            if (!present.isEmpty()) {
                Map<String, TopicDescription> descriptions = admin.describeTopics(present).allTopicNames().get();
                List<ConfigResource> resources = present.stream()
                        .map(t -> new ConfigResource(ConfigResource.Type.TOPIC, t)).toList();
                Map<ConfigResource, Config> configs = admin.describeConfigs(resources).all().get();
                for (String topic : present) {
                    TopicDescription d = descriptions.get(topic);
                    Map<String, String> values = new HashMap<>();
                    configs.get(new ConfigResource(ConfigResource.Type.TOPIC, topic)).entries()
                            .forEach(e -> values.put(e.name(), e.value()));
                    existing.put(topic, new ExistingTopic(d.partitions().size(),
                            d.partitions().get(0).replicas().size(), values));
                }
            }
            return TopicPlan.of(wanted, brokers, existing);
        }
    }

    /**
     * Creates the plan's missing topics and waits until every topic of the plan has a leader on
     * each partition, so a check that follows (the worker's "do the pieces topics exist?") sees
     * them: a broker lists a topic only once its metadata reached it, a moment after creation.
     * A topic another process created meanwhile is fine.
     */
    public static void apply(WorkerSettings s, TopicPlan plan) throws InterruptedException {
        if (!plan.feasible()) {
            throw new IllegalStateException(String.join("; ", plan.problems()));
        }
        try (Admin admin = KafkaClients.admin(s)) {
            for (TopicPlan.Entry e : plan.with(TopicPlan.Action.CREATE)) {
                TopicSpec spec = e.spec();
                try {
                    admin.createTopics(List.of(new NewTopic(spec.name(), spec.partitions(), spec.replication())
                            .configs(spec.configs()))).all().get();
                } catch (ExecutionException ex) {
                    if (!(ex.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException("cannot create topic " + spec.name() + ": " + ex.getCause(),
                                ex);
                    }
                }
            }
            awaitLeaders(admin, plan.entries().stream().map(e -> e.spec().name()).toList());
        }
    }

    /** Plans and applies in one go (`worker --create-topics`, `dev`, tests); returns the plan for its report. */
    public static TopicPlan ensureTopics(WorkerSettings s, PieceTopics pieces, TopicLayout layout)
            throws InterruptedException {
        TopicPlan plan;
        try {
            plan = plan(s, pieces, layout);
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot describe the cluster's topics: " + e.getCause(), e);
        }
        apply(s, plan);
        return plan;
    }

    /** All topics with {@code lanePartitions} partitions each and the given replication (tests, benchmarks). */
    public static void ensureTopics(WorkerSettings s, int lanePartitions, short replication)
            throws InterruptedException {
        ensureTopics(s, PieceTopics.DEFAULT, lanePartitions, replication);
    }

    public static void ensureTopics(WorkerSettings s, PieceTopics pieces, int lanePartitions, short replication)
            throws InterruptedException {
        TopicLayout layout;
        try {
            layout = TopicLayout.read(io.asrhub.config.Settings.empty().with(TopicLayout.REPLICATION, replication)).withPartitions(lanePartitions);
        } catch (io.asrhub.errors.AsrException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        ensureTopics(s, pieces, layout);
    }

    private static void awaitLeaders(Admin admin, List<String> topics) throws InterruptedException {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        List<String> waiting = new ArrayList<>(topics);
        while (true) {
            try {
                Map<String, TopicDescription> d = admin.describeTopics(waiting).allTopicNames()
                        .get(5, TimeUnit.SECONDS);
                waiting.removeIf(t -> d.get(t).partitions().stream().allMatch(p -> p.leader() != null
                        && !p.leader().isEmpty()));
                if (waiting.isEmpty() && admin.listTopics().names().get(5, TimeUnit.SECONDS).containsAll(topics)) {
                    return;
                }
            } catch (ExecutionException | TimeoutException e) {
                // not known to the broker yet (UnknownTopicOrPartition): ask again
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("topics " + waiting + " have no leader " + READY_TIMEOUT.toSeconds()
                        + " s after creation");
            }
            Thread.sleep(100); // metadata propagation has no event to wait on; poll it
        }
    }
}
