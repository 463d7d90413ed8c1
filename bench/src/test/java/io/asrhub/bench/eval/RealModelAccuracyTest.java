package io.asrhub.bench.eval;

import io.asrhub.model.ModelLocator;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Accuracy with a real whisper model, when one is found: {@code ASR_HUB_EVAL_MODEL}, else the search order
 * of every command (docs/accuracy.md). Skipped, saying so, on machines without one (this project's CI).
 */
class RealModelAccuracyTest {
    /** Every variant, on the LibriVox sentences and the long recording of them: at most 20 % of words wrong. */
    static final double MAX_WER = 0.20;

    @TempDir
    Path dir;

    @Test
    void everyVariantStaysUnderTheThresholdOnRealSpeech() throws Exception {
        Path model = realModel();
        List<EvalCorpus> corpora = AccuracyHarnessTest.librivox(dir);
        List<AccuracyHarness.Row> rows = new AccuracyHarness(model, 2, 1, new PrintStream(System.err)).run(corpora);
        System.out.print(EvalCommand.table(model, 2, 1, rows));
        for (AccuracyHarness.Row row : rows) {
            assertTrue(row.wer() <= MAX_WER, "WER above " + MAX_WER + ": " + row);
        }
    }

    private static Path realModel() {
        String explicit = System.getenv("ASR_HUB_EVAL_MODEL");
        ModelLocator locator = new ModelLocator(System.getenv(), Path.of("..").toAbsolutePath().normalize());
        Optional<Path> model = explicit != null ? Optional.of(Path.of(explicit)).filter(Files::isRegularFile)
                : locator.locate(null);
        Assumptions.assumeTrue(model.isPresent(), "SKIPPED: no real whisper model (looked at $ASR_HUB_EVAL_MODEL, $"
                + ModelLocator.MODEL_ENV + " and " + locator.searchDirectories() + "); WER cannot be measured here");
        return model.get();
    }
}
