package io.asrhub.bench;

import io.asrhub.errors.AsrException;
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
    private static final int SETUP_FAILED = 2; // as the worker's ExitCodes: nothing could run

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
        return new CommandLine(new BenchMain()).setCaseInsensitiveEnumValuesAllowed(true)
                .setExecutionExceptionHandler(BenchMain::reportSetupFailure).execute(args);
    }

    /** Set-up failures end as the worker's commands do: one {@code error:} line, exit 2. */
    private static int reportSetupFailure(Exception e, CommandLine command, CommandLine.ParseResult parsed)
            throws Exception {
        if (e instanceof AsrException asr) {
            System.err.println("error: " + asr.getMessage());
            return SETUP_FAILED;
        }
        throw e;
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }
}
