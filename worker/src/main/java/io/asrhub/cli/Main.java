package io.asrhub.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code asr-hub} command line. */
@Command(name = "asr-hub", mixinStandardHelpOptions = true, version = "asr-hub 0.1.0",
        description = "Kafka-driven speech recognition worker with a pooled recognizer layer.",
        // The benchmarks live in their own module, outside this jar and the image (docs/benchmarks.md).
        footer = {"", "Benchmarks are not part of the worker: from a clone, run ./asr-hub bench strategies."},
        subcommands = {TranscribeCommand.class, ModelsCommand.class, DevCommand.class, WorkerCommand.class,
                SubmitCommand.class, ResultsCommand.class, StatusCommand.class, RouterCommand.class, TopicsCommand.class})
public final class Main implements Runnable {
    static {
        // Avro 1.12.2 refuses to instantiate classes outside an allow-list (AVRO-4189); ours are safe.
        if (System.getProperty("org.apache.avro.SERIALIZABLE_PACKAGES") == null) {
            System.setProperty("org.apache.avro.SERIALIZABLE_PACKAGES", "io.asrhub");
        }
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    public static int run(String... args) {
        return execute(new Main(), args);
    }

    /**
     * Runs a picocli command the way every asr-hub command line does (also the bench jar's): case-
     * insensitive enums, set-up failures as one {@code error:} line and their exit code.
     */
    public static int execute(Object command, String... args) {
        return new CommandLine(command).setCaseInsensitiveEnumValuesAllowed(true)
                .setExecutionExceptionHandler(Main::reportSetupFailure).execute(args);
    }

    /** Set-up failures end the same way for every command: one line, exit 2 (3 when Kafka is unreachable). */
    private static int reportSetupFailure(Exception e, CommandLine command, CommandLine.ParseResult parsed)
            throws Exception {
        if (e instanceof io.asrhub.errors.AsrException asr) {
            StderrLine.print("error: " + asr.getMessage());
            return ExitCodes.SETUP_FAILED;
        }
        if (e instanceof io.asrhub.kafka.KafkaUnreachableException unreachable) {
            StderrLine.print("error: " + unreachable.getMessage());
            return ExitCodes.KAFKA_UNREACHABLE;
        }
        throw e;
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }
}
