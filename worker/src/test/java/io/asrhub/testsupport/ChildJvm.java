package io.asrhub.testsupport;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The start of the command line for a JVM a test runs as a child process (a packaged worker, `dev`, a
 * registry). Such children live seconds to a minute, so most of their CPU goes to starting up and to
 * the optimising compiler: the quick compiler alone and the serial collector cut that by about a
 * third (measured: `transcribe` of a short clip, 2.8 s of CPU with the defaults, 1.9 s with these),
 * which counts on a 2-core machine running several tests at once. What the child does is unchanged;
 * tests of how the image starts the JVM use the image's own command line instead ({@code ImageLayout}).
 */
public final class ChildJvm {
    private ChildJvm() {
    }

    /** {@code java} of the running JDK with the quick-start options, then {@code options}. */
    public static List<String> java(String... options) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-XX:TieredStopAtLevel=1");
        cmd.add("-XX:+UseSerialGC");
        cmd.addAll(List.of(options));
        return cmd;
    }
}
