package io.asrhub.cli;

import picocli.CommandLine.Command;

@Command(name = "results", description = "not built yet")
final class ResultsCommand implements Runnable {
    @Override
    public void run() {
        System.err.println("not built yet");
    }
}
