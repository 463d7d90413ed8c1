package io.asrhub.broker;

import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The class path for the local broker's child JVM. The broker jars (kafka_2.13, Scala, ...) are
 * not part of the worker's runtime class path: the build copies them to {@code lib-dev/} beside
 * {@code asr-hub.jar}, so the worker image (which ships only {@code lib/}) stays free of them while
 * {@code asr-hub dev} from a clone still finds them. Under Maven (tests) they are on the class path.
 */
final class BrokerClasspath {
    static final String DEV_LIB_DIR = "lib-dev";
    private static final String BROKER_MAIN = "kafka.Kafka";

    private BrokerClasspath() {
    }

    static String resolve() throws IOException {
        String own = System.getProperty("java.class.path");
        if (onOwnClasspath()) {
            return own;
        }
        Path devLibs = devLibDirectory();
        List<String> entries = new ArrayList<>(List.of(own));
        if (devLibs != null && Files.isDirectory(devLibs)) {
            try (Stream<Path> jars = Files.list(devLibs)) {
                jars.filter(j -> j.toString().endsWith(".jar")).sorted().forEach(j -> entries.add(j.toString()));
            }
        }
        if (entries.size() == 1) {
            throw new IOException("the Kafka broker jars are not installed (expected in "
                    + (devLibs == null ? DEV_LIB_DIR + "/ beside asr-hub.jar" : devLibs) + "): `asr-hub dev`"
                    + " runs from a build of the repository, not from the worker image, which leaves them out");
        }
        return String.join(File.pathSeparator, entries);
    }

    private static boolean onOwnClasspath() {
        try {
            Class.forName(BROKER_MAIN, false, BrokerClasspath.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    /** {@code lib-dev/} beside the jar this class was loaded from (null when not run from a jar). */
    private static Path devLibDirectory() {
        var source = BrokerClasspath.class.getProtectionDomain().getCodeSource();
        if (source == null || source.getLocation() == null) {
            return null;
        }
        try {
            Path location = Path.of(source.getLocation().toURI());
            return Files.isRegularFile(location) ? location.resolveSibling(DEV_LIB_DIR) : null;
        } catch (URISyntaxException | IllegalArgumentException e) {
            return null;
        }
    }
}
