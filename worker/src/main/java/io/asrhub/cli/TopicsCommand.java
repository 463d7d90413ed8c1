package io.asrhub.cli;

import io.asrhub.client.TopicAdmin;
import io.asrhub.config.Settings;
import io.asrhub.errors.AsrException;
import io.asrhub.errors.ErrorCode;
import io.asrhub.kafka.WorkerSettings;
import io.asrhub.pieces.PieceTopics;
import io.asrhub.topics.TopicPlan;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * `asr-hub topics plan|apply`: for teams that provision topics themselves. {@code plan} prints
 * what would be created and what differs; {@code apply} creates the missing topics. Existing topics
 * are never changed. Exit 0: every topic is as planned; 1: some existing topic differs (reported);
 * 2: the plan cannot be carried out (e.g. more replicas than brokers).
 */
@Command(name = "topics", mixinStandardHelpOptions = true,
        description = "Print (plan) or create (apply) asr-hub's topics with replication, min ISR, partitions and "
                + "retention from the config; existing topics that differ are reported, never changed.")
final class TopicsCommand implements Callable<Integer> {
    enum Action { plan, apply }

    @Parameters(paramLabel = "plan|apply", description = "plan: print only; apply: create what is missing")
    Action action;

    @Mixin
    KafkaOptions kafka = new KafkaOptions();

    @Mixin
    TopicOptions topics = new TopicOptions();

    @Option(names = "--config", paramLabel = "FILE")
    Path config;

    @Override
    public Integer call() throws Exception {
        KafkaOptions.Cluster cluster = kafka.connect(config);
        WorkerSettings ws = cluster.kafka();
        Settings settings = cluster.settings();
        TopicPlan plan = TopicAdmin.plan(ws, PieceTopics.read(settings), topics.layout(settings));
        System.out.println("cluster: " + plan.brokers() + " broker(s) at " + ws.bootstrapServers());
        plan.describe().forEach(System.out::println);
        if (!plan.feasible()) {
            throw new AsrException(ErrorCode.CONFIG_INVALID, String.join("; ", plan.problems()));
        }
        if (action == Action.apply) {
            TopicAdmin.apply(ws, plan);
            System.out.println("created " + plan.with(TopicPlan.Action.CREATE).size() + " topic(s)");
        }
        return plan.with(TopicPlan.Action.DIFFERS).isEmpty() ? ExitCodes.OK : ExitCodes.SOME_FAILED;
    }
}
