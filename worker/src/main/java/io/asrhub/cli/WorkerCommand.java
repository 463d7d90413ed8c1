package io.asrhub.cli;

import picocli.CommandLine.Command;

@Command(name = "worker", description = "not built yet")
final class WorkerCommand implements Runnable {
    @Override
    public void run() {
        System.err.println("not built yet");
    }
}
