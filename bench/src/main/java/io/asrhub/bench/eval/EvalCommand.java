package io.asrhub.bench.eval;

import io.asrhub.errors.AsrException;
import io.asrhub.errors.ErrorCode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code asr-hub eval}: word error rate of a whisper model over corpora, per recognition variant (docs/accuracy.md). */
@Command(name = "eval", mixinStandardHelpOptions = true,
        description = {"Transcribe a folder of audio with reference transcripts whole and in pieces, with the full "
                + "and the fitted encoder window, and print the word error rate of each variant.",
                "Corpus layouts: NAME.wav + NAME.txt, or a `transcription` file of `TEXT (FILE-ID)` lines with "
                        + "FILE-ID.wav beside it."})
public final class EvalCommand implements Callable<Integer> {
    @Option(names = "--model", paramLabel = "PATH", required = true, description = "whisper ggml model file")
    Path model;

    @Option(names = "--corpus", paramLabel = "DIR", description = "a corpus directory (repeatable)")
    List<Path> corpora = new ArrayList<>();

    @Option(names = "--librivox", paramLabel = "DIR", description = "build the LibriVox corpora (short sentences, "
            + "and one long recording of them with pauses) from Debian's pocketsphinx-testdata under DIR and evaluate them")
    Path librivox;

    @Option(names = "--slots", paramLabel = "N", defaultValue = "1", description = "pool slots; pieces run on them "
            + "concurrently (default: ${DEFAULT-VALUE})")
    int slots;

    @Option(names = "--threads", paramLabel = "T", description = "whisper threads per slot (default: cores / slots)")
    Integer threads;

    @Override
    public Integer call() throws AsrException {
        if (!Files.isRegularFile(model)) {
            throw new AsrException(ErrorCode.MODEL_MISSING, model + ": no such model file");
        }
        List<EvalCorpus> loaded = new ArrayList<>();
        if (librivox != null) {
            for (Path dir : LibrivoxCorpora.build(LibrivoxCorpora.DEBIAN_SOURCE, librivox)) {
                loaded.add(EvalCorpus.load(dir));
            }
        }
        for (Path dir : corpora) {
            loaded.add(EvalCorpus.load(dir));
        }
        if (loaded.isEmpty()) {
            throw new AsrException(ErrorCode.CONFIG_INVALID, "nothing to evaluate: give --corpus DIR or --librivox DIR");
        }
        int cores = Runtime.getRuntime().availableProcessors();
        int t = threads != null ? threads : Math.max(1, cores / Math.max(1, slots));
        List<AccuracyHarness.Row> rows = new AccuracyHarness(model, slots, t, System.err).run(loaded);
        System.out.print(table(model, slots, t, rows));
        return 0;
    }

    /** The report: one row per corpus and variant. */
    static String table(Path model, int slots, int threads, List<AccuracyHarness.Row> rows) {
        StringBuilder out = new StringBuilder(String.format(Locale.ROOT,
                "model %s, %d slot(s) x %d thread(s)%n%n", model, slots, threads));
        out.append("| corpus | variant | files | audio s | pieces | reference words | errors | WER | time s |\n");
        out.append("|---|---|---|---|---|---|---|---|---|\n");
        for (AccuracyHarness.Row r : rows) {
            out.append(String.format(Locale.ROOT, "| %s | %s | %d | %.1f | %d | %d | %d | %.3f | %.1f |%n", r.corpus(),
                    r.variant().label, r.files(), r.audioSeconds(), r.pieces(), r.referenceWords(), r.errors(), r.wer(),
                    r.seconds()));
        }
        return out.toString();
    }
}
