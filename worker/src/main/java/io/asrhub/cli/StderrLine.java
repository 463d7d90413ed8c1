package io.asrhub.cli;

import io.asrhub.logging.LogFormat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A line a command prints for its user on stderr (start-up summary, warnings, the final error). With
 * {@code logging.format: json} it goes through the log instead, so that every line on stderr is one
 * JSON object a log shipper can parse; the text is the same either way.
 */
final class StderrLine {
    private static final Logger LOG = LoggerFactory.getLogger("io.asrhub.cli");

    private StderrLine() {
    }

    static void print(String line) {
        if (!LogFormat.isJson()) {
            System.err.println(line);
        } else if (line.startsWith("error: ")) {
            LOG.error(line);
        } else if (line.startsWith("warning: ")) {
            LOG.warn(line);
        } else {
            LOG.info(line);
        }
    }
}
