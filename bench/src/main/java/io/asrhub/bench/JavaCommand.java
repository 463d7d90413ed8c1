package io.asrhub.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The command line that starts another JVM on this JVM's own classpath, running one of our main classes. */
final class JavaCommand {
    private JavaCommand() {
    }

    /**
     * {@code crashReport}: where the JVM writes its fatal-error report (hs_err) if native code crashes it,
     * instead of the current directory.
     */
    static List<String> of(Class<?> mainClass, String maxHeap, Path crashReport, List<String> args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xmx" + maxHeap);
        cmd.add("-XX:ErrorFile=" + crashReport.toAbsolutePath());
        cmd.add("-Dorg.apache.avro.SERIALIZABLE_PACKAGES=io.asrhub");
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(mainClass.getName());
        cmd.addAll(args);
        return cmd;
    }

    /** Peak resident set size (VmHWM) of a live process, from /proc; 0 where /proc is unavailable. */
    static long peakRssKb(long pid) {
        try {
            for (String line : java.nio.file.Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("\\D", ""));
                }
            }
        } catch (java.io.IOException | RuntimeException e) {
            return 0;
        }
        return 0;
    }
}
