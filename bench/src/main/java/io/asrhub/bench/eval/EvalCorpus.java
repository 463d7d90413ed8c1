package io.asrhub.bench.eval;

import io.asrhub.errors.AsrException;
import io.asrhub.errors.ErrorCode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A folder of audio files with their reference transcripts, in one of two layouts:
 * <ul>
 *   <li>a {@code transcription} file of lines {@code TEXT (FILE-ID)} (CMU Sphinx test data, e.g. Debian's
 *       pocketsphinx-testdata {@code librivox/}), audio in {@code FILE-ID.wav} (or .flac/.mp3/.ogg/.opus);
 *       {@code <s>}/{@code </s>} sentence markers are dropped;</li>
 *   <li>otherwise every {@code NAME.txt} with an audio file {@code NAME.wav} (or another extension above)
 *       beside it.</li>
 * </ul>
 */
public record EvalCorpus(String name, List<Item> items) {
    public static final String TRANSCRIPTION = "transcription";
    private static final List<String> AUDIO = List.of(".wav", ".flac", ".mp3", ".ogg", ".opus");
    private static final Pattern LINE = Pattern.compile("^(.*?)\\s*\\(([^()]+)\\)\\s*$");

    /** One recording and what was said in it. */
    public record Item(String id, Path audio, String reference) {
    }

    public static EvalCorpus load(Path dir) throws AsrException {
        if (!Files.isDirectory(dir)) {
            throw new AsrException(ErrorCode.CONFIG_INVALID, dir + ": not a corpus directory");
        }
        try {
            List<Item> items = Files.isRegularFile(dir.resolve(TRANSCRIPTION)) ? fromTranscription(dir) : fromPairs(dir);
            if (items.isEmpty()) {
                throw new AsrException(ErrorCode.CONFIG_INVALID, dir + ": no audio with a reference transcript (expected "
                        + "NAME.wav + NAME.txt, or a `transcription` file of `TEXT (FILE-ID)` lines)");
            }
            return new EvalCorpus(dir.getFileName().toString(), List.copyOf(items));
        } catch (IOException e) {
            throw new AsrException(ErrorCode.CONFIG_INVALID, dir + ": cannot read the corpus: " + e.getMessage());
        }
    }

    private static List<Item> fromTranscription(Path dir) throws IOException, AsrException {
        List<Item> items = new ArrayList<>();
        for (String line : Files.readAllLines(dir.resolve(TRANSCRIPTION))) {
            if (line.isBlank()) {
                continue;
            }
            Matcher m = LINE.matcher(line.strip());
            if (!m.matches()) {
                throw new AsrException(ErrorCode.CONFIG_INVALID, dir.resolve(TRANSCRIPTION)
                        + ": expected `TEXT (FILE-ID)`, got: " + line);
            }
            String id = m.group(2).strip();
            Path audio = audioFor(dir, id).orElseThrow(() -> new AsrException(ErrorCode.CONFIG_INVALID,
                    dir + ": no audio file for " + id + " (" + String.join(", ", AUDIO) + ")"));
            items.add(new Item(id, audio, withoutSentenceMarkers(m.group(1))));
        }
        return items;
    }

    private static List<Item> fromPairs(Path dir) throws IOException {
        List<Item> items = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path txt : files.filter(f -> f.getFileName().toString().endsWith(".txt")).sorted().toList()) {
                String id = txt.getFileName().toString().replaceFirst("\\.txt$", "");
                Optional<Path> audio = audioFor(dir, id);
                if (audio.isPresent()) {
                    items.add(new Item(id, audio.get(), withoutSentenceMarkers(Files.readString(txt))));
                }
            }
        }
        return items;
    }

    private static Optional<Path> audioFor(Path dir, String id) {
        return AUDIO.stream().map(ext -> dir.resolve(id + ext)).filter(Files::isRegularFile).findFirst();
    }

    static String withoutSentenceMarkers(String text) {
        return text.replace("<s>", " ").replace("</s>", " ").replaceAll("\\s+", " ").strip();
    }
}
