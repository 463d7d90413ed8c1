package io.asrhub.topics;

import io.asrhub.config.Settings;
import io.asrhub.errors.AsrException;
import io.asrhub.kafka.WorkerSettings;
import io.asrhub.pieces.PieceTopics;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TopicPlanTest {
    private static List<TopicSpec> specs(Map<String, String> config, int brokers) throws AsrException {
        Settings s = Settings.of(config);
        return TopicLayout.read(s).specs(WorkerSettings.read(s), PieceTopics.read(s), brokers);
    }

    private static TopicSpec named(List<TopicSpec> specs, String name) {
        return specs.stream().filter(t -> t.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void defaultsFollowTheCluster() throws Exception {
        List<TopicSpec> three = specs(Map.of(), 3);
        assertEquals(8, three.size(), "3 lanes, results, dead letters, pieces, piece results, progress");
        assertTrue(three.stream().allMatch(t -> t.replication() == 3), three.toString());
        assertTrue(three.stream().allMatch(t -> t.configs().get("min.insync.replicas").equals("2")));
        List<TopicSpec> five = specs(Map.of(), 5);
        assertTrue(five.stream().allMatch(t -> t.replication() == 3), "never more than 3 by default");
        List<TopicSpec> one = specs(Map.of(), 1);
        assertTrue(one.stream().allMatch(t -> t.replication() == 1 && t.configs().get("min.insync.replicas").equals("1")));
        List<TopicSpec> two = specs(Map.of(), 2);
        assertTrue(two.stream().allMatch(t -> t.replication() == 2 && t.configs().get("min.insync.replicas").equals("1")),
                "with 2 replicas min ISR 2 would stop writes whenever one broker is down");
    }

    @Test
    void partitionsAndRetentionPerKindOfTopic() throws Exception {
        List<TopicSpec> specs = specs(Map.of("topics.partitions.lanes", "12", "topics.partitions.progress", "4",
                "topics.retention-ms.results", "1000"), 3);
        TopicSpec small = named(specs, "asr.jobs.small");
        assertEquals(12, small.partitions());
        assertEquals(String.valueOf(24L * 3600 * 1000), small.configs().get("retention.ms"), "audio: one day");
        assertEquals(String.valueOf(16 * 1024 * 1024), small.configs().get("max.message.bytes"));
        assertEquals(12, named(specs, "asr.transcripts").partitions(), "results follow the lanes by default");
        assertEquals("1000", named(specs, "asr.transcripts").configs().get("retention.ms"));
        assertEquals("1000", named(specs, "asr.pieces.results").configs().get("retention.ms"));
        assertEquals(3, named(specs, "asr.jobs.dlq").partitions());
        assertEquals(12, named(specs, "asr.pieces").partitions());
        assertEquals(4, named(specs, "asr.progress").partitions());
        assertTrue(Long.parseLong(named(specs, "asr.jobs.dlq").configs().get("max.message.bytes"))
                > 16 * 1024 * 1024, "a dead letter carries the original record plus the error");
    }

    @Test
    void badValuesAreRefusedByName() {
        AsrException e = assertThrows(AsrException.class, () -> specs(Map.of("topics.replication-factor", "0"), 3));
        assertTrue(e.getMessage().contains("topics.replication-factor"), e.getMessage());
        assertThrows(AsrException.class, () -> specs(Map.of("topics.retention-ms.lanes", "0"), 3));
    }

    @Test
    void missingTopicsAreCreatedAndDifferingOnesReportedNotChanged() throws Exception {
        List<TopicSpec> wanted = specs(Map.of(), 3);
        Map<String, ExistingTopic> existing = new HashMap<>();
        TopicSpec small = named(wanted, "asr.jobs.small");
        existing.put(small.name(), new ExistingTopic(small.partitions(), 3, small.configs()));
        TopicSpec results = named(wanted, "asr.transcripts");
        Map<String, String> resultConfigs = new HashMap<>(results.configs());
        resultConfigs.put("retention.ms", "604800001");
        existing.put(results.name(), new ExistingTopic(2, 1, resultConfigs));
        TopicPlan plan = TopicPlan.of(wanted, 3, existing);
        assertEquals(6, plan.with(TopicPlan.Action.CREATE).size());
        assertEquals(List.of(small.name()), plan.with(TopicPlan.Action.OK).stream().map(e -> e.spec().name()).toList());
        TopicPlan.Entry differs = plan.with(TopicPlan.Action.DIFFERS).get(0);
        assertEquals(List.of("partitions 2, wanted 6", "replication 1, wanted 3",
                "retention.ms 604800001, wanted 604800000"), differs.differences());
        assertTrue(plan.describe().contains("differs  asr.transcripts: partitions 2, wanted 6; replication 1, wanted 3; "
                + "retention.ms 604800001, wanted 604800000 (left unchanged)"), plan.describe().toString());
        assertTrue(plan.warnings().isEmpty(), plan.warnings().toString());
        assertTrue(plan.feasible());
    }

    @Test
    void oneBrokerWarnsAndTooFewBrokersIsAProblem() throws Exception {
        TopicPlan single = TopicPlan.of(specs(Map.of(), 1), 1, Map.of());
        assertTrue(single.feasible());
        assertEquals(1, single.warnings().size());
        assertTrue(single.warnings().get(0).startsWith("replication factor 1 (the cluster has one broker)"));

        TopicPlan tooFew = TopicPlan.of(specs(Map.of("topics.replication-factor", "3"), 1), 1, Map.of());
        assertFalse(tooFew.feasible());
        assertTrue(tooFew.problems().get(0).contains("needs 3 brokers; the cluster has 1"), tooFew.problems().toString());

        TopicPlan noWrites = TopicPlan.of(specs(Map.of("topics.min-insync-replicas", "4"), 3), 3, Map.of());
        assertFalse(noWrites.feasible());
        TopicPlan fragile = TopicPlan.of(specs(Map.of("topics.min-insync-replicas", "3"), 3), 3, Map.of());
        assertTrue(fragile.feasible());
        assertTrue(fragile.warnings().get(0).contains("any one broker down stops every write"));
    }
}
