package io.asrhub.cli;

import picocli.CommandLine.Command;

@Command(name = "submit", description = "not built yet")
final class SubmitCommand implements Runnable {
    @Override
    public void run() {
        System.err.println("not built yet");
    }
}
