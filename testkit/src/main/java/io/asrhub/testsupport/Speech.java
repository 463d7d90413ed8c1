package io.asrhub.testsupport;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Real synthetic speech from espeak-ng with known text, cached under target/speech. Tests that
 * need it are skipped with a message when espeak-ng/sox are missing (.ci/run installs them).
 */
public final class Speech {
    public static final String SHORT = "The quick brown fox jumps over the lazy dog near the river bank.";
    public static final String MEDIUM = "Speech recognition turns spoken words into written text. "
            + "Our service reads audio jobs from a queue and writes every transcript to a results topic. "
            + "Short clips travel in their own lane, so they never wait behind a long recording. "
            + "Each worker keeps a pool of recognizers and only takes new work when a slot is free. "
            + "When a file is broken the worker reports a clear error and moves on to the next job.";
    private static final Path CACHE = Paths.get("target", "speech");

    private Speech() {
    }

    /** Several minutes of speech: the medium text repeated. */
    public static String longText(int repeats) {
        return String.join(" ", java.util.Collections.nCopies(repeats, MEDIUM));
    }

    public static Path wav(String name, String text) throws IOException, InterruptedException {
        requireTool("espeak-ng");
        Path out = CACHE.resolve(name + ".wav");
        if (!Files.exists(out)) {
            Files.createDirectories(CACHE);
            Path partial = partial(out);
            run("espeak-ng", "-v", "en-us", "-s", "150", "-w", partial.toString(), text);
            publish(partial, out);
        }
        return out;
    }

    /** Converts with sox; {@code args} are sox output options, e.g. "-r", "8000". */
    public static Path sox(Path input, String name, String... args) throws IOException, InterruptedException {
        requireTool("sox");
        Path out = CACHE.resolve(name);
        if (!Files.exists(out)) {
            Path partial = partial(out);
            List<String> cmd = new ArrayList<>(List.of("sox", input.toString()));
            cmd.addAll(List.of(args));
            cmd.add(partial.toString());
            run(cmd.toArray(String[]::new));
            publish(partial, out);
        }
        return out;
    }

    /** Encodes to Ogg Opus with opusenc (Debian package opus-tools). */
    public static Path opus(Path input, String name, String... args) throws IOException, InterruptedException {
        requireTool("opusenc");
        Path out = CACHE.resolve(name);
        if (!Files.exists(out)) {
            Path partial = partial(out);
            List<String> cmd = new ArrayList<>(List.of("opusenc", "--quiet"));
            cmd.addAll(List.of(args));
            cmd.add(input.toString());
            cmd.add(partial.toString());
            run(cmd.toArray(String[]::new));
            publish(partial, out);
        }
        return out;
    }

    /** Encodes VBR MP3 with lame, which writes a Xing tag stating the frame count (Debian package lame). */
    public static Path lameVbr(Path input, String name) throws IOException, InterruptedException {
        requireTool("lame");
        Path out = CACHE.resolve(name);
        if (!Files.exists(out)) {
            Files.createDirectories(CACHE);
            Path partial = partial(out);
            run("lame", "--quiet", "-V", "5", input.toString(), partial.toString());
            publish(partial, out);
        }
        return out;
    }

    /**
     * A unique name next to {@code out} with the same extension (the tools choose the format by it):
     * tests running at the same time may make the same file, and a reader must never see half of it.
     */
    static Path partial(Path out) throws IOException {
        Files.createDirectories(out.getParent());
        String name = out.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String suffix = dot < 0 ? "" : name.substring(dot);
        Path partial = Files.createTempFile(out.getParent(), "part-", suffix);
        Files.delete(partial); // the tools write it themselves
        return partial;
    }

    /** Moves a finished {@link #partial} file into place in one step. */
    static void publish(Path partial, Path out) throws IOException {
        Files.move(partial, out, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    public static boolean hasTool(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (Files.isExecutable(Paths.get(dir, tool))) {
                return true;
            }
        }
        return false;
    }

    public static void requireTool(String tool) {
        Assumptions.assumeTrue(hasTool(tool), tool + " is not installed (apt-get install espeak-ng sox "
                + "libsox-fmt-all opus-tools); test skipped");
    }

    private static void run(String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException(String.join(" ", cmd) + " failed: " + output);
        }
    }
}
