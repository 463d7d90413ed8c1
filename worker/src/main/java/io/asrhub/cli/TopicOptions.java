package io.asrhub.cli;

import io.asrhub.config.Settings;
import io.asrhub.errors.AsrException;
import io.asrhub.topics.TopicLayout;
import picocli.CommandLine.Option;

/** Command-line overrides of the {@code topics.*} provisioning keys, for `topics` and `worker --create-topics`. */
final class TopicOptions {
    @Option(names = "--partitions", paramLabel = "N",
            description = "partitions per lane (and of results, pieces, progress unless configured); default "
                    + "topics.partitions.lanes (6)")
    Integer partitions;

    @Option(names = "--replication-factor", paramLabel = "N",
            description = "replicas per partition; default topics.replication-factor, else min(3, brokers)")
    Integer replicationFactor;

    @Option(names = "--min-insync-replicas", paramLabel = "N",
            description = "min.insync.replicas; default topics.min-insync-replicas, else 2 with 3+ replicas, else 1")
    Integer minInsyncReplicas;

    TopicLayout layout(Settings settings) throws AsrException {
        Settings s = settings;
        if (partitions != null) {
            s = s.with(TopicLayout.LANE_PARTITIONS, partitions);
        }
        if (replicationFactor != null) {
            s = s.with(TopicLayout.REPLICATION, replicationFactor);
        }
        if (minInsyncReplicas != null) {
            s = s.with(TopicLayout.MIN_ISR, minInsyncReplicas);
        }
        return TopicLayout.read(s);
    }
}
