package io.asrhub.testsupport;

import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.UnsupportedAudioFileException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * A long recording of espeak-ng sentences separated by pauses of 0.4-1.2 s of silence (joined with
 * sox), with its reference text: what long-audio splitting is tested and benchmarked on. Cached under
 * target/speech; skipped (Assumptions) when espeak-ng or sox is missing.
 */
public final class LongSpeech {
    private static final Path CACHE = Paths.get("target", "speech");
    private static final List<String> SENTENCES = List.of(
            "The morning train left the station exactly on time.",
            "Every worker reads jobs from the queue and writes the transcript back.",
            "A long recording is split into pieces at quiet points.",
            "The pieces run at the same time on different slots.",
            "Timestamps of each piece are moved by the start of the piece.",
            "She bought fresh bread, two apples and a bottle of milk.",
            "Heavy rain is expected in the northern hills tonight.",
            "Please send the quarterly report before the meeting on Friday.",
            "The museum opens at nine and closes at five in the afternoon.",
            "A small boat drifted slowly across the quiet lake.",
            "Engineers measured the delay with a stopwatch and a notebook.",
            "The children played football in the park until sunset.",
            "Our library keeps old maps of the city in the basement.",
            "He forgot his umbrella on the bus again this week.",
            "The recipe needs three eggs, some flour and a little sugar.",
            "Traffic on the main bridge was slow because of repairs.",
            "The concert was cancelled when the singer lost her voice.",
            "Bright stars were visible above the mountain after midnight.",
            "The new software update fixed the problem with the printer.",
            "Our team finished the project two days ahead of schedule.",
            "Birds gathered on the wires before flying south for winter.",
            "The doctor asked him to drink more water and rest.",
            "A strong wind blew the leaves across the empty street.",
            "They painted the kitchen a pale shade of green.");

    private LongSpeech() {
    }

    /** A recording of at least {@code seconds} and its spoken text. */
    public record Recording(Path wav, String text) {
    }

    public static Recording atLeastSeconds(int seconds) throws IOException, InterruptedException {
        Speech.requireTool("espeak-ng");
        Speech.requireTool("sox");
        Path wav = CACHE.resolve("long-" + seconds + "s.wav");
        Path text = CACHE.resolve("long-" + seconds + "s.txt");
        if (!Files.exists(wav) || !Files.exists(text)) {
            build(seconds, wav, text);
        }
        return new Recording(wav, Files.readString(text));
    }

    private static void build(int seconds, Path wav, Path textFile) throws IOException, InterruptedException {
        Files.createDirectories(CACHE);
        List<Path> sentences = new ArrayList<>();
        List<Double> sentenceSeconds = new ArrayList<>();
        for (int i = 0; i < SENTENCES.size(); i++) {
            Path s = CACHE.resolve("sentence-" + i + ".wav");
            if (!Files.exists(s)) {
                Path partial = Speech.partial(s);
                run("espeak-ng", "-v", "en-us", "-s", "150", "-w", partial.toString(), SENTENCES.get(i));
                Speech.publish(partial, s);
            }
            sentences.add(s);
            sentenceSeconds.add(durationSeconds(s));
        }
        int rate = sampleRate(sentences.get(0));
        List<String> command = new ArrayList<>(List.of("sox"));
        StringBuilder text = new StringBuilder();
        Random random = new Random(600);
        double total = 0;
        while (total < seconds) {
            int i = random.nextInt(SENTENCES.size());
            int pauseMs = 400 + 200 * random.nextInt(5);
            command.add(sentences.get(i).toString());
            command.add(pause(pauseMs, rate).toString());
            text.append(text.length() > 0 ? " " : "").append(SENTENCES.get(i));
            total += sentenceSeconds.get(i) + pauseMs / 1000.0;
        }
        Path partial = Speech.partial(wav);
        command.add(partial.toString());
        run(command.toArray(String[]::new));
        Path partialText = Speech.partial(textFile);
        Files.writeString(partialText, text.toString());
        Speech.publish(partialText, textFile);
        Files.move(partial, wav, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static Path pause(int ms, int rate) throws IOException, InterruptedException {
        Path p = CACHE.resolve("pause-" + ms + "ms-" + rate + ".wav");
        if (!Files.exists(p)) {
            Path partial = Speech.partial(p);
            run("sox", "-n", "-r", Integer.toString(rate), "-c", "1", "-b", "16", partial.toString(), "trim", "0",
                    Double.toString(ms / 1000.0));
            Speech.publish(partial, p);
        }
        return p;
    }

    private static double durationSeconds(Path wav) throws IOException {
        try {
            var format = AudioSystem.getAudioFileFormat(wav.toFile());
            return format.getFrameLength() / (double) format.getFormat().getFrameRate();
        } catch (UnsupportedAudioFileException e) {
            throw new IOException(wav + ": " + e.getMessage(), e);
        }
    }

    private static int sampleRate(Path wav) throws IOException {
        try {
            return (int) AudioSystem.getAudioFileFormat(wav.toFile()).getFormat().getSampleRate();
        } catch (UnsupportedAudioFileException e) {
            throw new IOException(wav + ": " + e.getMessage(), e);
        }
    }

    private static String abbreviate(String command) {
        return command.length() <= 200 ? command : command.substring(0, 200) + "...";
    }

    private static void run(String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(300, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException(abbreviate(String.join(" ", cmd)) + " failed: " + output);
        }
    }
}
