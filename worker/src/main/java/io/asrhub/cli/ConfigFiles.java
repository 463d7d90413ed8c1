package io.asrhub.cli;

import io.asrhub.config.ConfigLoader;
import io.asrhub.config.Settings;
import io.asrhub.errors.AsrException;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Every command reads its configuration here: the optional file, then {@code ASR_HUB_*} variables
 * ({@link ConfigLoader}); the log format is applied before the command prints anything of its own,
 * so the warnings about unknown variables already go through it.
 */
final class ConfigFiles {
    private ConfigFiles() {
    }

    static Settings load(Path config) throws AsrException {
        List<String> warnings = new ArrayList<>();
        Settings merged = ConfigLoader.load(config, System.getenv(), warnings::add);
        io.asrhub.logging.LogFormat.apply(merged); // before the command logs anything of its own
        for (String warning : warnings) {
            StderrLine.print("warning: " + warning);
        }
        return merged;
    }
}
