package io.asrhub.bench;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code asr-hub bench ...}: measurements users can repeat on their own hardware. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Benchmarks that compare serving strategies on this machine.",
        subcommands = {BenchStrategiesCommand.class})
final class BenchCommand implements Runnable {
    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }
}
