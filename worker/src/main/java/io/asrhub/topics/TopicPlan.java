package io.asrhub.topics;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What provisioning would do on a cluster: create the missing topics, leave the matching ones, and
 * report (never change) the ones whose partitions, replication or configs differ from the layout:
 * changing a live topic is a decision for its owners (a partition count change moves keys between
 * partitions, lower retention deletes data), not something a worker does on start.
 */
public record TopicPlan(int brokers, List<Entry> entries, List<String> warnings, List<String> problems) {
    public enum Action { CREATE, OK, DIFFERS }

    /** One topic: what happens to it and, for DIFFERS, each setting that differs ("retention.ms 1000, wanted 86400000"). */
    public record Entry(TopicSpec spec, Action action, List<String> differences) {
    }

    public static TopicPlan of(List<TopicSpec> wanted, int brokers, Map<String, ExistingTopic> existing) {
        List<Entry> entries = new ArrayList<>();
        for (TopicSpec spec : wanted) {
            ExistingTopic have = existing.get(spec.name());
            if (have == null) {
                entries.add(new Entry(spec, Action.CREATE, List.of()));
                continue;
            }
            List<String> differences = differences(spec, have);
            entries.add(new Entry(spec, differences.isEmpty() ? Action.OK : Action.DIFFERS, differences));
        }
        return new TopicPlan(brokers, List.copyOf(entries), warnings(wanted, brokers), problems(wanted, brokers));
    }

    /** Whether every topic to create can be created on this cluster. */
    public boolean feasible() {
        return problems.isEmpty() || entries.stream().noneMatch(e -> e.action() == Action.CREATE);
    }

    public List<Entry> with(Action action) {
        return entries.stream().filter(e -> e.action() == action).toList();
    }

    /** One line per topic, then the warnings and problems: what `asr-hub topics plan` prints. */
    public List<String> describe() {
        List<String> lines = new ArrayList<>();
        for (Entry e : entries) {
            TopicSpec s = e.spec();
            String settings = "partitions " + s.partitions() + ", replication " + s.replication() + ", "
                    + String.join(", ", s.configs().entrySet().stream().sorted(Map.Entry.comparingByKey())
                    .map(c -> c.getKey() + "=" + c.getValue()).toList());
            lines.add(switch (e.action()) {
                case CREATE -> "create   " + s.name() + ": " + settings;
                case OK -> "ok       " + s.name();
                case DIFFERS -> "differs  " + s.name() + ": " + String.join("; ", e.differences())
                        + " (left unchanged)";
            });
        }
        warnings.forEach(w -> lines.add("warning: " + w));
        problems.forEach(p -> lines.add("error: " + p));
        return lines;
    }

    private static List<String> differences(TopicSpec spec, ExistingTopic have) {
        List<String> out = new ArrayList<>();
        if (have.partitions() != spec.partitions()) {
            out.add("partitions " + have.partitions() + ", wanted " + spec.partitions());
        }
        if (have.replication() != spec.replication()) {
            out.add("replication " + have.replication() + ", wanted " + spec.replication());
        }
        spec.configs().entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(c -> {
            String actual = have.configs().get(c.getKey());
            if (!c.getValue().equals(actual)) {
                out.add(c.getKey() + " " + actual + ", wanted " + c.getValue());
            }
        });
        return out;
    }

    private static List<String> warnings(List<TopicSpec> wanted, int brokers) {
        List<String> out = new ArrayList<>();
        if (wanted.isEmpty()) {
            return out;
        }
        TopicSpec any = wanted.get(0);
        int minIsr = Integer.parseInt(any.configs().get("min.insync.replicas"));
        if (any.replication() == 1) {
            out.add("replication factor 1" + (brokers == 1 ? " (the cluster has one broker)" : "")
                    + ": losing a broker loses the records of its partitions and stops them; "
                    + "use 3 replicas on a production cluster");
        } else if (minIsr >= any.replication() && minIsr > 1) {
            out.add("min.insync.replicas " + minIsr + " with replication " + any.replication()
                    + ": any one broker down stops every write to these topics");
        }
        return out;
    }

    private static List<String> problems(List<TopicSpec> wanted, int brokers) {
        List<String> out = new ArrayList<>();
        if (wanted.isEmpty()) {
            return out;
        }
        TopicSpec any = wanted.get(0);
        int minIsr = Integer.parseInt(any.configs().get("min.insync.replicas"));
        if (any.replication() > brokers) {
            out.add("replication factor " + any.replication() + " needs " + any.replication()
                    + " brokers; the cluster has " + brokers + " (set topics.replication-factor)");
        }
        if (minIsr > any.replication()) {
            out.add("min.insync.replicas " + minIsr + " is more than the replication factor " + any.replication()
                    + ": no write could ever succeed (set topics.min-insync-replicas)");
        }
        return out;
    }
}
