package io.asrhub.testsupport;

import io.asrhub.model.ModelLocator;
import org.junit.jupiter.api.Assumptions;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Optional;

/** Finds a real whisper model the way users' commands do, from the project root. */
public final class RealModel {
    private RealModel() {
    }

    public static Optional<Path> find() {
        ModelLocator locator = new ModelLocator(System.getenv(), Paths.get("..").toAbsolutePath().normalize());
        return locator.locate(null);
    }

    /** Skips the calling test, saying where it looked, when no real model is installed. */
    public static Path require() {
        Optional<Path> model = find();
        ModelLocator locator = new ModelLocator(System.getenv(), Paths.get("..").toAbsolutePath().normalize());
        Assumptions.assumeTrue(model.isPresent(), "SKIPPED: no real whisper model found (looked at $"
                + ModelLocator.MODEL_ENV + " and " + locator.searchDirectories()
                + "); run `asr-hub models pull tiny.en` to enable word-error-rate tests");
        return model.get();
    }
}
