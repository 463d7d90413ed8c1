package io.asrhub.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Where a benchmark ran: CPU, cores, memory, JDK, native engine and speech tool versions. */
final class MachineInfo {
    private MachineInfo() {
    }

    static String cpu() {
        return firstValue(Path.of("/proc/cpuinfo"), "model name").orElse(System.getProperty("os.arch"));
    }

    static String memory() {
        return firstValue(Path.of("/proc/meminfo"), "MemTotal")
                .map(v -> Math.round(Long.parseLong(v.replaceAll("\\D", "")) / 1024.0 / 1024.0) + " GiB")
                .orElse("unknown");
    }

    static String jdk() {
        return System.getProperty("java.vm.name") + " " + System.getProperty("java.version");
    }

    static String os() {
        return System.getProperty("os.name") + " " + System.getProperty("os.version");
    }

    /** whisper-jni's version from its jar manifest (it bundles whisper.cpp of the same minor version). */
    static String whisperJni() {
        Package p = io.github.givimad.whisperjni.WhisperJNI.class.getPackage();
        String v = p == null ? null : p.getImplementationVersion();
        return "whisper-jni " + (v != null ? v : jarVersion());
    }

    private static String jarVersion() {
        String location = String.valueOf(io.github.givimad.whisperjni.WhisperJNI.class.getProtectionDomain()
                .getCodeSource().getLocation());
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("whisper-jni-([0-9.]+)\\.jar").matcher(location);
        return m.find() ? m.group(1) : "(version unknown)";
    }

    static String espeak() {
        try {
            Process p = new ProcessBuilder("espeak-ng", "--version").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes()).strip();
            p.waitFor(10, TimeUnit.SECONDS);
            return out.replaceAll("\\s+", " ");
        } catch (IOException e) {
            return "espeak-ng (version unknown)";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "espeak-ng (version unknown)";
        }
    }

    private static java.util.Optional<String> firstValue(Path file, String key) {
        try {
            List<String> lines = Files.readAllLines(file);
            return lines.stream().filter(l -> l.startsWith(key)).findFirst()
                    .map(l -> l.substring(l.indexOf(':') + 1).strip());
        } catch (IOException e) {
            return java.util.Optional.empty();
        }
    }
}
