package io.asrhub.cli;

import io.asrhub.client.JobState;
import io.asrhub.client.JobStatusReader;
import io.asrhub.config.Settings;
import io.asrhub.kafka.WorkerSettings;
import io.asrhub.pieces.PieceTopics;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * Says where jobs stand (done, failed, in progress, taken by a worker, queued, unknown) by reading
 * the topics once; see {@link JobStatusReader}. Exit 0 when every job was found, 1 when some were not.
 */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Show where jobs stand: done, failed, in progress, taken by a worker, queued or unknown.")
final class StatusCommand implements Callable<Integer> {
    /** Each question to the cluster, and a scan that stops moving, gives up after this long. */
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(30);

    @Parameters(paramLabel = "JOBID", arity = "1..*", description = "job ids, as `submit` prints them")
    List<String> jobIds;

    @Mixin
    KafkaOptions kafka = new KafkaOptions();

    @Option(names = "--config", paramLabel = "FILE")
    Path config;

    @Option(names = "--format", defaultValue = "text", description = "text or json (one object per line)")
    OutputFormat format;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (format != OutputFormat.TEXT && format != OutputFormat.JSON) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--format must be text or json for status, not " + format.name().toLowerCase(java.util.Locale.ROOT));
        }
        KafkaOptions.Cluster cluster = kafka.connect(config);
        WorkerSettings ws = cluster.kafka();
        Settings settings = cluster.settings();
        List<JobState> states;
        try (JobStatusReader reader = new JobStatusReader(ws, PieceTopics.read(settings).progress(), READ_TIMEOUT)) {
            // A job named twice is looked up and printed once.
            states = reader.read(List.copyOf(new LinkedHashSet<>(jobIds)));
        }
        boolean someUnknown = false;
        for (JobState state : states) {
            System.out.println(format == OutputFormat.JSON ? StatusFormatter.json(state).toString()
                    : StatusFormatter.text(state));
            someUnknown |= state.stage() == JobState.Stage.UNKNOWN;
        }
        System.out.flush();
        return someUnknown ? ExitCodes.SOME_FAILED : ExitCodes.OK;
    }
}
