package io.asrhub.bench;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The tools' command line ({@code asr-hub-bench.jar}, run by the launcher for {@code ./asr-hub bench ...}):
 * kept out of the worker's jar so the production artifact and image carry no benchmark code.
 */
@Command(name = "asr-hub", mixinStandardHelpOptions = true, version = "asr-hub 0.1.0",
        description = "Measurements to repeat on your own machine (not part of the worker image).",
        subcommands = {BenchCommand.class, io.asrhub.bench.eval.EvalCommand.class})
public final class BenchMain implements Runnable {
    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Through the worker's command-line runner: the same Avro allow-list, error lines and exit codes. */
    public static int run(String... args) {
        return io.asrhub.cli.Main.execute(new BenchMain(), args);
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }
}
