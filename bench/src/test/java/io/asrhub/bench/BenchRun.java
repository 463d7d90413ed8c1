package io.asrhub.bench;

import io.asrhub.testsupport.ConsoleCapture;

/**
 * Runs the tools' command line in-process and captures what it prints: only what the command's own
 * threads print ({@link ConsoleCapture}), so test classes running at the same time do not mix into it.
 */
public record BenchRun(int exitCode, String out, String err) {
    public static BenchRun of(String... args) {
        ConsoleCapture capture = new ConsoleCapture();
        try {
            int code = capture.call(() -> BenchMain.run(args));
            return new BenchRun(code, capture.out(), capture.err());
        } catch (Exception e) {
            throw new IllegalStateException(e); // BenchMain.run reports failures as exit codes; it does not throw
        }
    }
}
