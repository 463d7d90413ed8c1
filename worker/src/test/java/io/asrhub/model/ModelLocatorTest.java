package io.asrhub.model;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ModelLocatorTest {
    @TempDir
    Path root;

    private Path workingDir;
    private Path modelDir;
    private Path shared;
    private final Map<String, String> env = new HashMap<>();

    @BeforeEach
    void layout() throws IOException {
        workingDir = Files.createDirectories(root.resolve("project/worker"));
        modelDir = Files.createDirectories(root.resolve("models"));
        shared = root.resolve("project/shared/models");
        // Keep the default model directory inside the temp dir, never the real ~/.cache.
        env.put("XDG_CACHE_HOME", root.resolve("cache").toString());
    }

    private ModelLocator locator() {
        return new ModelLocator(env, workingDir);
    }

    private static Path touch(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        return Files.write(file, new byte[] {1, 2, 3});
    }

    @Test
    void explicitPathWinsEvenWhenMissing() throws IOException {
        Path missing = root.resolve("does-not-exist.bin");
        env.put(ModelLocator.MODEL_ENV, touch(root.resolve("env.bin")).toString());
        env.put(ModelLocator.DIR_ENV, modelDir.toString());
        touch(modelDir.resolve("ggml-tiny.en.bin"));

        assertEquals(Optional.of(missing), locator().locate(missing));
    }

    @Test
    void environmentVariableComesNext() throws IOException {
        Path fromEnv = root.resolve("elsewhere/my-model.bin"); // need not exist: it was named explicitly
        env.put(ModelLocator.MODEL_ENV, fromEnv.toString());
        env.put(ModelLocator.DIR_ENV, modelDir.toString());
        touch(modelDir.resolve("ggml-tiny.en.bin"));

        assertEquals(Optional.of(fromEnv), locator().locate(null));
    }

    @Test
    void blankEnvironmentVariableIsIgnored() throws IOException {
        env.put(ModelLocator.MODEL_ENV, "  ");
        env.put(ModelLocator.DIR_ENV, modelDir.toString());
        Path tiny = touch(modelDir.resolve("ggml-tiny.en.bin"));

        assertEquals(Optional.of(tiny), locator().locate(null));
    }

    @Test
    void modelDirectoryUsesCatalogueOrder() throws IOException {
        env.put(ModelLocator.DIR_ENV, modelDir.toString());
        Path base = touch(modelDir.resolve("ggml-base.en.bin"));
        touch(shared.resolve("ggml-tiny.en.bin")); // a later search location must not win

        assertEquals(Optional.of(base), locator().locate(null), "only base.en in the model dir");

        Path tiny = touch(modelDir.resolve("ggml-tiny.en.bin"));
        assertEquals(Optional.of(tiny), locator().locate(null), "tiny.en precedes base.en in the catalogue");
    }

    @Test
    void nonCatalogueFilesAndDirectoriesAreIgnored() throws IOException {
        env.put(ModelLocator.DIR_ENV, modelDir.toString());
        touch(modelDir.resolve("ggml-custom.bin"));
        Files.createDirectories(modelDir.resolve("ggml-tiny.en.bin")); // a directory, not a model
        assertEquals(Optional.empty(), locator().locate(null));
    }

    @Test
    void defaultModelDirectoryIsUnderXdgCache() throws IOException {
        Path cached = touch(root.resolve("cache/asr-hub/models/ggml-base.en.bin"));
        assertEquals(root.resolve("cache/asr-hub/models"), locator().modelDirectory());
        assertEquals(Optional.of(cached), locator().locate(null));
    }

    @Test
    void sharedModelsBesideTheWorkingDirectoryAreFound() throws IOException {
        env.put(ModelLocator.DIR_ENV, modelDir.toString()); // exists but is empty
        Path model = touch(shared.resolve("ggml-base.en.bin"));

        Optional<Path> found = locator().locate(null);

        assertTrue(found.isPresent());
        assertEquals(model.toRealPath(), found.get().toRealPath());
        assertFalse(found.get().toString().contains(".."), "path is normalized: " + found.get());
    }

    @Test
    void sharedModelsInsideTheWorkingDirectoryAreFound() throws IOException {
        Path model = touch(workingDir.resolve("shared/models/ggml-tiny.en.bin"));
        assertEquals(Optional.of(model), locator().locate(null));
    }

    @Test
    void emptyWhenNothingIsFound() {
        env.put(ModelLocator.DIR_ENV, modelDir.toString());
        assertEquals(Optional.empty(), locator().locate(null));
        env.remove(ModelLocator.DIR_ENV);
        assertEquals(Optional.empty(), locator().locate(null));
    }
}
