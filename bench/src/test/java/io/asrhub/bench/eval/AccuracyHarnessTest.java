package io.asrhub.bench.eval;

import io.asrhub.eval.WordErrorRate;
import io.asrhub.testsupport.Speech;
import io.asrhub.testsupport.TinyWhisperModel;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The harness end to end on the LibriVox corpora with the suite's generated model: its words are
 * meaningless, so this checks the mechanics (every variant measured, errors counted against the
 * references, the long recording split into pieces), not accuracy; {@link RealModelAccuracyTest} does that.
 */
class AccuracyHarnessTest {
    @TempDir
    Path dir;

    static List<EvalCorpus> librivox(Path out) throws Exception {
        Assumptions.assumeTrue(Files.isRegularFile(LibrivoxCorpora.DEBIAN_SOURCE.resolve(EvalCorpus.TRANSCRIPTION)),
                "SKIPPED: no " + LibrivoxCorpora.DEBIAN_SOURCE + " (apt-get install pocketsphinx-testdata)");
        Speech.requireTool("sox");
        return LibrivoxCorpora.build(LibrivoxCorpora.DEBIAN_SOURCE, out).stream().map(d -> {
            try {
                return EvalCorpus.load(d);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }).toList();
    }

    @Test
    void everyVariantOfEveryCorpusIsScoredAgainstItsReferences() throws Exception {
        List<EvalCorpus> corpora = librivox(dir);
        EvalCorpus shortClips = corpora.get(0);
        EvalCorpus joined = corpora.get(1);
        assertEquals(5, shortClips.items().size());
        assertEquals(1, joined.items().size());
        assertEquals(3 * shortClips.items().stream().mapToInt(i -> WordErrorRate.referenceWords(i.reference())).sum(),
                WordErrorRate.referenceWords(joined.items().get(0).reference()), "the long file says the five three times");

        List<AccuracyHarness.Row> rows = new AccuracyHarness(TinyWhisperModel.shared(), 2, 1,
                new PrintStream(new ByteArrayOutputStream())).run(corpora);

        assertEquals(8, rows.size(), "one row per corpus and variant: " + rows);
        for (AccuracyHarness.Row row : rows) {
            EvalCorpus corpus = row.corpus().equals(shortClips.name()) ? shortClips : joined;
            int words = 0;
            int errors = 0;
            for (int i = 0; i < corpus.items().size(); i++) {
                words += WordErrorRate.referenceWords(corpus.items().get(i).reference());
                errors += WordErrorRate.errors(corpus.items().get(i).reference(), row.hypotheses().get(i));
            }
            assertEquals(words, row.referenceWords(), row.toString());
            assertEquals(errors, row.errors(), row.toString());
            assertTrue(row.hypotheses().stream().noneMatch(String::isBlank), "the model said something: " + row);
            assertTrue(row.wer() > 0.5, "a random-weight model cannot be right: " + row);
            boolean split = row.variant().name().startsWith("PIECES") && corpus == joined;
            assertEquals(split, row.pieces() > row.files(), "pieces only for the long file in the pieces variants: " + row);
        }
    }
}
