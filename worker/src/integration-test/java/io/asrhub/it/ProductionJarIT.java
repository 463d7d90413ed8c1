package io.asrhub.it;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The image's class path (the worker jar and lib/ exactly as the Dockerfile copies them, {@link ImageLayout})
 * holds no benchmark and no test-kit code: those are the bench and testkit modules. Runs after
 * {@code package}, on the built files, so it also catches a shading or copying step that would bring them in.
 */
class ProductionJarIT {
    private static final List<String> FORBIDDEN = List.of("io/asrhub/bench/", "io/asrhub/testkit/",
            "io/asrhub/testsupport/", "io/asrhub/eval/");

    @Test
    void theImagesJarsCarryNoBenchmarkOrTestKitClasses() throws IOException {
        ImageLayout image = ImageLayout.stage();
        List<Path> jars;
        try (Stream<Path> files = Files.walk(image.app)) {
            jars = files.filter(f -> f.toString().endsWith(".jar")).sorted().toList();
        }
        List<String> names = jars.stream().map(j -> j.getFileName().toString()).toList();
        assertTrue(names.contains("asr-hub.jar") && names.stream().anyMatch(n -> n.startsWith("whisper-jni-")),
                "the staged image is the real one: " + names);
        assertTrue(names.stream().noneMatch(n -> n.startsWith("asr-hub-")), "another module's jar in lib/: " + names);

        List<String> offending = new ArrayList<>();
        int workerClasses = 0;
        for (Path jar : jars) {
            try (JarFile file = new JarFile(jar.toFile())) {
                for (JarEntry entry : file.stream().toList()) {
                    String name = entry.getName();
                    workerClasses += name.startsWith("io/asrhub/") && name.endsWith(".class") ? 1 : 0;
                    if (FORBIDDEN.stream().anyMatch(name::startsWith)) {
                        offending.add(jar.getFileName() + "!" + name);
                    }
                }
            }
        }
        assertTrue(workerClasses > 100, "the worker's own classes were scanned: " + workerClasses);
        assertEquals(List.of(), offending);
    }
}
