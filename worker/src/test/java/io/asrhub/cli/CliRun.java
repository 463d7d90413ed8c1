package io.asrhub.cli;

import io.asrhub.testsupport.ConsoleCapture;

/**
 * Runs the CLI in-process and captures what it prints (only what the command's own threads print, so
 * tests running at the same time do not mix into it; see {@link ConsoleCapture}).
 */
public record CliRun(int exitCode, String out, String err) {
    public static CliRun of(String... args) {
        ConsoleCapture capture = new ConsoleCapture();
        try {
            int code = capture.call(() -> Main.run(args));
            return new CliRun(code, capture.out(), capture.err());
        } catch (Exception e) {
            throw new IllegalStateException(e); // Main.run reports failures as exit codes; it does not throw
        }
    }
}
