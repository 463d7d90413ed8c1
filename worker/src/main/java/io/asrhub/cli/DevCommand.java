package io.asrhub.cli;

import picocli.CommandLine.Command;

@Command(name = "dev", description = "not built yet")
final class DevCommand implements Runnable {
    @Override
    public void run() {
        System.err.println("not built yet");
    }
}
