package io.asrhub.cli;

import io.asrhub.client.ResultReader;
import io.asrhub.kafka.WorkerSettings;
import io.asrhub.schema.TranscriptResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;

/** Prints the results (or dead-letter) topic; with --follow keeps printing new records. */
@Command(name = "results", mixinStandardHelpOptions = true, description = "Print transcripts from the results topic.")
final class ResultsCommand implements Callable<Integer> {
    @Mixin
    KafkaOptions kafka = new KafkaOptions();

    @Option(names = "--config", paramLabel = "FILE")
    Path config;

    @Option(names = {"--follow", "-f"}, description = "keep printing new results until interrupted")
    boolean follow;

    @Option(names = "--dead-letters", description = "read the dead-letter topic instead")
    boolean deadLetters;

    @Option(names = "--format", defaultValue = "text", description = "text or json")
    OutputFormat format;

    @Override
    public Integer call() throws Exception {
        WorkerSettings ws = kafka.connect(config).kafka();
        String topic = deadLetters ? ws.topics().deadLetters() : ws.topics().results();
        try (ResultReader reader = new ResultReader(ws, topic, true)) {
            int quietPolls = 0;
            while (follow || quietPolls < 5) {
                var batch = reader.poll(Duration.ofMillis(200));
                quietPolls = batch.isEmpty() ? quietPolls + 1 : 0;
                for (TranscriptResult r : batch) {
                    System.out.println(ResultFormatter.format(r, format, null));
                }
                System.out.flush();
            }
        }
        return ExitCodes.OK;
    }
}
