package io.asrhub.bench;

import io.asrhub.errors.AsrException;
import io.asrhub.errors.ErrorCode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Real synthetic speech for the workload: espeak-ng sentences (~5 s each) and one long file of a
 * paragraph repeated to the requested length, converted by sox to 16 kHz mono 16-bit WAV. Files are
 * cached in the directory by name, so repeated runs reuse them.
 */
record SpeechClips(List<Clip> shortClips, Clip longClip) {
    record Clip(Path path, long durationMs) {
    }

    private static final List<String> SENTENCES = List.of(
            "The quick brown fox jumps over the lazy dog near the river bank.",
            "Please send the quarterly report to the finance team before Friday.",
            "Turn left at the second traffic light and park behind the library.",
            "Our flight was delayed by two hours because of the heavy snow.");
    private static final String PARAGRAPH = "Speech recognition turns spoken words into written text. "
            + "Our service reads audio jobs from a queue and writes every transcript to a results topic. "
            + "Short clips travel in their own lane, so they never wait behind a long recording. "
            + "Each worker keeps a pool of recognizers and only takes new work when a slot is free. "
            + "When a file is broken the worker reports a clear error and moves on to the next job.";
    private static final int SAMPLE_RATE = 16_000;
    private static final int BYTES_PER_SECOND = SAMPLE_RATE * 2;

    static SpeechClips generate(Path dir, int longSeconds) throws AsrException {
        try {
            Files.createDirectories(dir);
            List<Clip> shorts = new ArrayList<>();
            for (int i = 0; i < SENTENCES.size(); i++) {
                shorts.add(speak(dir, "short-" + i, SENTENCES.get(i), 0));
            }
            // ~25 s per paragraph at 150 words per minute; repeat enough, then trim to the exact length.
            int repeats = Math.max(1, longSeconds / 20 + 1);
            Clip longClip = speak(dir, "long-" + longSeconds + "s",
                    String.join(" ", Collections.nCopies(repeats, PARAGRAPH)), longSeconds);
            return new SpeechClips(shorts, longClip);
        } catch (IOException e) {
            throw new AsrException(ErrorCode.PROVIDER_FAILED, "cannot generate the speech workload: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AsrException(ErrorCode.INTERRUPTED, "interrupted while generating speech");
        }
    }

    private static Clip speak(Path dir, String name, String text, int trimSeconds)
            throws IOException, InterruptedException {
        Path wav = dir.resolve(name + ".wav");
        if (!Files.isRegularFile(wav)) {
            Path raw = dir.resolve(name + ".espeak.wav");
            run("espeak-ng", "-v", "en-us", "-s", "150", "-w", raw.toString(), text);
            List<String> sox = new ArrayList<>(List.of("sox", raw.toString(), "-r", String.valueOf(SAMPLE_RATE),
                    "-c", "1", "-b", "16", wav + ".part.wav"));
            if (trimSeconds > 0) {
                sox.addAll(List.of("trim", "0", String.valueOf(trimSeconds)));
            }
            run(sox.toArray(String[]::new));
            Files.move(Path.of(wav + ".part.wav"), wav);
            Files.delete(raw);
        }
        long dataBytes = Files.size(wav) - 44; // canonical 44-byte header written by sox
        return new Clip(wav, dataBytes * 1000 / BYTES_PER_SECOND);
    }

    private static void run(String... cmd) throws IOException, InterruptedException {
        Process p;
        try {
            p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new IOException(cmd[0] + " is not installed (apt-get install espeak-ng sox)", e);
        }
        String output = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(300, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException(String.join(" ", cmd).substring(0, Math.min(200, String.join(" ", cmd).length()))
                    + " failed: " + output);
        }
    }
}
