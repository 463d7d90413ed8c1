package io.asrhub.bench.eval;

import io.asrhub.errors.AsrException;
import io.asrhub.errors.ErrorCode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Two corpora of real recorded speech from Debian's {@code pocketsphinx-testdata} (five LibriVox sentences,
 * 16 kHz WAV, 25 s in all, with their transcripts): {@code short/}, the sentences as they are (whisper sees
 * each in one window), and {@code long/}, one recording of the five read three times with pauses between
 * them (joined by sox), long enough to be split into pieces as the worker splits long audio.
 */
public final class LibrivoxCorpora {
    public static final Path DEBIAN_SOURCE = Path.of("/usr/share/pocketsphinx/test/data/librivox");
    static final String SHORT = "short";
    static final String LONG = "long";
    private static final int ROUNDS = 3;
    /** Pauses after each sentence, cycled: varied like a reader's, long enough for a cut to find silence. */
    private static final double[] PAUSE_SECONDS = {0.8, 1.2, 0.6, 1.0};

    private LibrivoxCorpora() {
    }

    /** Writes {@code out/short} and {@code out/long} (once; kept when present) and returns both directories. */
    public static List<Path> build(Path source, Path out) throws AsrException {
        EvalCorpus sentences = EvalCorpus.load(source);
        Path shortDir = out.resolve(SHORT);
        Path longDir = out.resolve(LONG);
        try {
            if (!Files.isDirectory(shortDir)) {
                Path tmp = Files.createDirectories(out).resolve(SHORT + ".part");
                Files.createDirectories(tmp);
                for (EvalCorpus.Item item : sentences.items()) {
                    Files.copy(item.audio(), tmp.resolve(item.id() + ".wav"), StandardCopyOption.REPLACE_EXISTING);
                    Files.writeString(tmp.resolve(item.id() + ".txt"), item.reference() + "\n");
                }
                Files.move(tmp, shortDir, StandardCopyOption.ATOMIC_MOVE);
            }
            if (!Files.isDirectory(longDir)) {
                writeLong(sentences, out.resolve(LONG + ".part"));
                Files.move(out.resolve(LONG + ".part"), longDir, StandardCopyOption.ATOMIC_MOVE);
            }
        } catch (IOException e) {
            throw new AsrException(ErrorCode.CONFIG_INVALID, out + ": cannot write the corpora: " + e.getMessage());
        }
        return List.of(shortDir, longDir);
    }

    private static void writeLong(EvalCorpus sentences, Path dir) throws IOException, AsrException {
        Files.createDirectories(dir);
        List<String> sox = new ArrayList<>(List.of("sox"));
        StringBuilder reference = new StringBuilder();
        int n = 0;
        for (int round = 0; round < ROUNDS; round++) {
            for (EvalCorpus.Item item : sentences.items()) {
                double pause = PAUSE_SECONDS[n++ % PAUSE_SECONDS.length];
                Path silence = dir.resolve("pause-" + pause + ".wav");
                if (!Files.exists(silence)) {
                    run(dir, List.of("sox", "-n", "-r", "16000", "-c", "1", "-b", "16", silence.toString(), "trim", "0",
                            Double.toString(pause)));
                }
                sox.add(item.audio().toString());
                sox.add(silence.toString());
                reference.append(item.reference()).append(' ');
            }
        }
        sox.add(dir.resolve("librivox-joined.wav").toString());
        run(dir, sox);
        try (var pauses = Files.list(dir)) {
            for (Path p : pauses.filter(f -> f.getFileName().toString().startsWith("pause-")).toList()) {
                Files.delete(p);
            }
        }
        Files.writeString(dir.resolve("librivox-joined.txt"), reference.toString().strip() + "\n", StandardCharsets.UTF_8);
    }

    private static void run(Path dir, List<String> command) throws IOException, AsrException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve("sox.log").toFile()).start();
        try {
            if (!p.waitFor(2, TimeUnit.MINUTES) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new AsrException(ErrorCode.CONFIG_INVALID, "sox failed building the long corpus (is sox installed?): "
                        + Files.readString(dir.resolve("sox.log")).strip());
            }
            Files.deleteIfExists(dir.resolve("sox.log"));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            throw new IOException("interrupted while running sox", e);
        }
    }
}
