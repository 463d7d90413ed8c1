package io.asrhub.it;

import io.asrhub.broker.LocalKafkaCluster;
import io.asrhub.client.ResultReader;
import io.asrhub.client.TopicAdmin;
import io.asrhub.config.Settings;
import io.asrhub.kafka.WorkerSettings;
import io.asrhub.pieces.PieceTopics;
import io.asrhub.records.Lane;
import io.asrhub.schema.JobStatus;
import io.asrhub.schema.TranscriptResult;
import io.asrhub.testsupport.ToneWav;
import io.asrhub.topics.TopicLayout;
import io.asrhub.topics.TopicPlan;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Three real KRaft brokers ({@link LocalKafkaCluster}): the topic plan there (replication 3, min
 * ISR 2), and the leader of a lane partition and then the leader of the results partition killed
 * with SIGKILL while short jobs and the pieces of a long job run: every job answered, none lost,
 * and none answered twice in exactly-once mode.
 */
@org.junit.jupiter.api.Order(1) // among the longest: started first so that it does not end the run alone
class ThreeBrokerClusterIT {
    private static LocalKafkaCluster cluster;

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = LocalKafkaCluster.start(Path.of("target", "kafka-cluster"), 3);
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void onThreeBrokersTopicsGetThreeReplicasAndMinIsrTwo() throws Exception {
        String id = UUID.randomUUID().toString().substring(0, 8);
        Map<String, String> config = new HashMap<>(Map.of("kafka.bootstrap-servers", cluster.bootstrapServers(),
                "topics.small", id + ".small", "topics.medium", id + ".medium", "topics.large", id + ".large",
                "topics.results", id + ".results", "topics.dead-letters", id + ".dlq"));
        config.putAll(Map.of("topics.pieces", id + ".pieces", "topics.piece-results", id + ".piece-results",
                "topics.progress", id + ".progress"));
        Settings settings = Settings.of(config);
        WorkerSettings ws = WorkerSettings.read(settings);
        PieceTopics pieces = PieceTopics.read(settings);
        TopicPlan plan = TopicAdmin.plan(ws, pieces, TopicLayout.read(settings));
        assertEquals(3, plan.brokers());
        assertEquals(8, plan.with(TopicPlan.Action.CREATE).size(), plan.describe().toString());
        assertTrue(plan.warnings().isEmpty(), "three replicas, min ISR 2: nothing to warn about " + plan.warnings());
        TopicAdmin.apply(ws, plan);
        try (Admin admin = cluster.admin()) {
            List<String> names = plan.entries().stream().map(e -> e.spec().name()).toList();
            for (TopicDescription d : admin.describeTopics(names).allTopicNames().get().values()) {
                d.partitions().forEach(p -> assertEquals(3, p.replicas().size(), d.name() + " " + p));
                ConfigResource r = new ConfigResource(ConfigResource.Type.TOPIC, d.name());
                // The broker asked may not have the new topic's metadata yet: ask until it knows the topic.
                String[] minIsr = new String[1];
                WorkerHarness.waitUntil(() -> {
                    try {
                        minIsr[0] = admin.describeConfigs(List.of(r)).all().get().get(r).get("min.insync.replicas")
                                .value();
                        return true;
                    } catch (java.util.concurrent.ExecutionException e) {
                        if (e.getCause() instanceof org.apache.kafka.common.errors.UnknownTopicOrPartitionException) {
                            return false;
                        }
                        throw e;
                    }
                }, WorkerHarness.seconds(30));
                assertEquals("2", minIsr[0], d.name());
            }
        }
        TopicPlan again = TopicAdmin.plan(ws, pieces, TopicLayout.read(settings));
        assertEquals(8, again.with(TopicPlan.Action.OK).size(), again.describe().toString());
    }

    @Test
    void leaderKillsLoseNoJobAtLeastOnce() throws Exception {
        killLeadersWhileJobsRun(false);
    }

    @Test
    void leaderKillsLoseAndRepeatNoJobExactlyOnce() throws Exception {
        killLeadersWhileJobsRun(true);
    }

    private void killLeadersWhileJobsRun(boolean exactlyOnce) throws Exception {
        String mode = exactlyOnce ? "exactly-once" : "at-least-once";
        try (WorkerHarness h = new WorkerHarness(cluster.bootstrapServers(), Map.of("lanes.large-from-ms", "60000",
                "worker.exactly-once", String.valueOf(exactlyOnce)));
             PieceResultsReader pieces = new PieceResultsReader(cluster.bootstrapServers(),
                     h.enablePieces(Map.of()).topics().pieceResults())) {
            h.startStitcher("stitcher", new SimpleMeterRegistry());
            var workerA = h.startWorker(2, "worker-a");
            var workerB = h.startWorker(2, "worker-b");
            ResultReader results = h.results();
            Path clip = ToneWav.write(Path.of("target", "speech", "tone-3s.wav"), 3);
            Path longClip = ToneWav.write(Path.of("target", "speech", "tone-150s.wav"), 150);
            Set<String> ids = new HashSet<>();
            var longJob = h.submitter.submit(longClip, null);
            assertEquals(Lane.LARGE, longJob.lane());
            ids.add(longJob.jobId());
            for (int i = 0; i < 12; i++) {
                ids.add(h.submitter.submit(clip, null).jobId());
            }
            long start = System.nanoTime();
            List<TranscriptResult> got = new ArrayList<>(results.readUntil(r -> r.size() >= 2,
                    WorkerHarness.seconds(60)));

            assertTrue(got.stream().noneMatch(r -> r.getJobId().equals(longJob.jobId())),
                    "the long job is still in pieces when the first broker dies");
            int piecesAtKill = pieces.all().size();
            String lane = h.settings.topics().small();
            int laneLeader = cluster.leaderOf(lane, 0);
            long laneKill = System.nanoTime();
            cluster.killHard(laneLeader);
            WorkerHarness.waitUntil(() -> cluster.leaderOf(lane, 0) != laneLeader, WorkerHarness.seconds(30));
            long laneLeaderMs = (System.nanoTime() - laneKill) / 1_000_000;
            for (int i = 0; i < 12; i++) { // jobs sent while a broker is down: acks=all with min ISR 2 still works
                ids.add(h.submitter.submit(clip, null).jobId());
            }
            int before = got.size();
            got.addAll(results.readUntil(r -> r.size() >= 3, WorkerHarness.seconds(60)));
            long laneRecoverMs = (System.nanoTime() - laneKill) / 1_000_000;
            assertTrue(got.size() >= before + 3, mode + ": answering goes on after the lane leader's death");
            cluster.restart(laneLeader);
            List<String> ours = List.of(lane, h.settings.topics().results());
            WorkerHarness.waitUntil(() -> cluster.fullyInSync(ours), WorkerHarness.seconds(60));

            String resultTopic = h.settings.topics().results();
            int resultLeader = cluster.leaderOf(resultTopic, 0);
            long resultKill = System.nanoTime();
            cluster.killHard(resultLeader);
            WorkerHarness.waitUntil(() -> cluster.leaderOf(resultTopic, 0) != resultLeader, WorkerHarness.seconds(30));
            long resultLeaderMs = (System.nanoTime() - resultKill) / 1_000_000;
            got.addAll(results.readUntil(r -> answered(got, r).containsAll(ids), WorkerHarness.seconds(120)));
            got.addAll(results.readUntil(r -> false, WorkerHarness.seconds(2))); // late repeats would show here
            long totalMs = (System.nanoTime() - start) / 1_000_000;
            cluster.restart(resultLeader);
            // This reader may be behind the stitcher (its fetches went to the killed leaders): wait for it.
            WorkerHarness.waitUntil(() -> !pieces.all().isEmpty() && pieces.all().stream()
                    .map(io.asrhub.schema.PieceResult::getIndex).distinct().count() == pieces.all().get(0).getCount(),
                    WorkerHarness.seconds(60));
            int pieceCount = pieces.all().get(0).getCount();

            Map<String, Integer> perJob = new HashMap<>();
            got.forEach(r -> perJob.merge(r.getJobId(), 1, Integer::sum));
            long lost = ids.stream().filter(j -> !perJob.containsKey(j)).count();
            long duplicated = perJob.values().stream().mapToInt(n -> n - 1).sum();
            System.out.printf("three brokers, %s: %d jobs (1 long in %d pieces, %d done at the first kill), lost %d, "
                    + "duplicated %d; lane leader (node %d) killed: new leader after %d ms, 3 more results %d ms "
                    + "after the kill; results leader (node %d) killed: new leader after %d ms; all answered %d ms "
                    + "after the first submit%n", mode, ids.size(), pieceCount, piecesAtKill, lost, duplicated,
                    laneLeader, laneLeaderMs, laneRecoverMs, resultLeader, resultLeaderMs, totalMs);
            assertEquals(0, lost, mode + ": lost jobs");
            assertTrue(workerA.isRunning() && workerB.isRunning(), mode + ": a broker's death stops no worker "
                    + "(failures: " + workerA.health().failure() + ", " + workerB.health().failure() + ")");
            assertTrue(got.stream().allMatch(r -> r.getStatus() == JobStatus.OK), got.toString());
            if (exactlyOnce) {
                assertEquals(0, duplicated, "read_committed sees every job once");
            }
        }
    }

    private static Set<String> answered(List<TranscriptResult> earlier, List<TranscriptResult> now) {
        Set<String> seen = new HashSet<>();
        earlier.forEach(x -> seen.add(x.getJobId()));
        now.forEach(x -> seen.add(x.getJobId()));
        return seen;
    }
}
