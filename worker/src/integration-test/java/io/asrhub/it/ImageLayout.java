package io.asrhub.it;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The worker image without Docker: reads the repository's Dockerfile, copies the build outputs its
 * runtime stage copies ({@code COPY --from=build /src/worker/target/X /app/Y}) into a directory
 * standing in for {@code /app}, and turns its {@code ENTRYPOINT} and {@code ENV} into a process
 * command line and environment. So the test runs what the image runs, on the same file layout.
 */
final class ImageLayout {
    private static final Path DOCKERFILE = Path.of("..", "Dockerfile");
    private static final Pattern COPY = Pattern.compile("^COPY --from=build /src/worker/target/(\\S+) /app/(\\S+)$");
    private static final Pattern ENV_PAIR = Pattern.compile("(\\w+)=(\\S+)");

    final Path app;
    final List<String> entrypoint;
    final Map<String, String> environment;

    private ImageLayout(Path app, List<String> entrypoint, Map<String, String> environment) {
        this.app = app;
        this.entrypoint = entrypoint;
        this.environment = environment;
    }

    /** Stages {@code /app} under {@code target/} from what {@code mvn package} built. */
    static ImageLayout stage() throws IOException {
        List<String> lines = Files.readAllLines(DOCKERFILE);
        int runtimeStage = lastIndexStartingWith(lines, "FROM ");
        Path app = Files.createTempDirectory(Path.of("target"), "image-app").toAbsolutePath();
        List<String> entrypoint = null;
        Map<String, String> env = new LinkedHashMap<>();
        for (String line : lines.subList(runtimeStage, lines.size())) {
            Matcher copy = COPY.matcher(line.strip());
            if (copy.matches()) {
                copyTree(Path.of("target", copy.group(1)), app.resolve(copy.group(2)));
            } else if (line.startsWith("ENV ")) {
                Matcher pair = ENV_PAIR.matcher(line.substring(4));
                while (pair.find()) {
                    env.put(pair.group(1), pair.group(2));
                }
            } else if (line.startsWith("ENTRYPOINT ")) {
                String[] args = new ObjectMapper().readValue(line.substring("ENTRYPOINT ".length()), String[].class);
                entrypoint = new ArrayList<>(Arrays.asList(args));
            }
        }
        if (entrypoint == null || !"java".equals(entrypoint.get(0))) {
            throw new IllegalStateException("Dockerfile runtime stage needs ENTRYPOINT [\"java\", ...]: " + entrypoint);
        }
        entrypoint.set(0, Path.of(System.getProperty("java.home"), "bin", "java").toString());
        entrypoint.replaceAll(arg -> arg.startsWith("/app/") ? app.resolve(arg.substring(5)).toString() : arg);
        return new ImageLayout(app, entrypoint, env);
    }

    /** A process running the image's entrypoint with {@code args} (the container's command). */
    ProcessBuilder process(List<String> args) {
        List<String> command = new ArrayList<>(entrypoint);
        command.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(command).directory(app.toFile());
        pb.environment().putAll(environment);
        return pb;
    }

    List<String> jarNames(String dir) throws IOException {
        try (Stream<Path> files = Files.list(app.resolve(dir))) {
            return files.map(f -> f.getFileName().toString()).sorted().toList();
        }
    }

    private static int lastIndexStartingWith(List<String> lines, String prefix) {
        for (int i = lines.size() - 1; i >= 0; i--) {
            if (lines.get(i).startsWith(prefix)) {
                return i;
            }
        }
        throw new IllegalStateException("no " + prefix + "in " + DOCKERFILE);
    }

    private static void copyTree(Path from, Path to) throws IOException {
        if (!Files.exists(from)) {
            throw new IllegalStateException("run after `mvn package`: " + from.toAbsolutePath() + " is missing");
        }
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path source : (Iterable<Path>) walk::iterator) {
                Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.createDirectories(target.getParent());
                    Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }
}
