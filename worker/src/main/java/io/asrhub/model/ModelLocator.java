package io.asrhub.model;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Finds the whisper model to use. Search order (first hit wins):
 * <ol>
 *   <li>an explicit path (--model or config {@code providers.whisper.model});</li>
 *   <li>the {@code ASR_HUB_WHISPER_MODEL} environment variable;</li>
 *   <li>the model directory ({@code ASR_HUB_MODEL_DIR}, default {@code ~/.cache/asr-hub/models}),
 *       catalogue models in catalogue order, smallest first;</li>
 *   <li>{@code ../shared/models/} and {@code ./shared/models/}, same rule.</li>
 * </ol>
 * An explicit path is never silently replaced by a search hit: if it is wrong, the caller must
 * hear about it.
 */
public final class ModelLocator {
    public static final String MODEL_ENV = "ASR_HUB_WHISPER_MODEL";
    public static final String DIR_ENV = "ASR_HUB_MODEL_DIR";

    private final Map<String, String> env;
    private final Path workingDir;

    public ModelLocator() {
        this(System.getenv(), Paths.get("").toAbsolutePath());
    }

    public ModelLocator(Map<String, String> env, Path workingDir) {
        this.env = env;
        this.workingDir = workingDir;
    }

    public Path modelDirectory() {
        String configured = env.get(DIR_ENV);
        if (configured != null && !configured.isBlank()) {
            return Paths.get(configured);
        }
        String xdg = env.get("XDG_CACHE_HOME");
        Path cache = xdg != null && !xdg.isBlank() ? Paths.get(xdg) : Paths.get(System.getProperty("user.home"), ".cache");
        return cache.resolve("asr-hub").resolve("models");
    }

    /** The path to use, or empty when none was given and none was found. */
    public Optional<Path> locate(Path explicit) {
        if (explicit != null) {
            return Optional.of(explicit);
        }
        String fromEnv = env.get(MODEL_ENV);
        if (fromEnv != null && !fromEnv.isBlank()) {
            return Optional.of(Paths.get(fromEnv));
        }
        for (Path dir : searchDirectories()) {
            Optional<Path> hit = firstCatalogModel(dir);
            if (hit.isPresent()) {
                return hit;
            }
        }
        return Optional.empty();
    }

    public List<Path> searchDirectories() {
        List<Path> dirs = new ArrayList<>();
        dirs.add(modelDirectory());
        dirs.add(workingDir.resolve("../shared/models").normalize());
        dirs.add(workingDir.resolve("shared/models").normalize());
        return dirs;
    }

    /** Where {@code spec} is installed, searching the directories in order. */
    public Optional<Path> installed(ModelSpec spec) {
        return searchDirectories().stream().map(dir -> dir.resolve(spec.fileName())).filter(Files::isRegularFile)
                .findFirst();
    }

    private static Optional<Path> firstCatalogModel(Path dir) {
        for (ModelSpec spec : ModelCatalog.all()) {
            Path candidate = dir.resolve(spec.fileName());
            if (Files.isRegularFile(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }
}
