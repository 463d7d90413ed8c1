package io.asrhub.config;

import io.asrhub.errors.AsrException;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The one way configuration is read: the optional file (YAML or properties), then
 * {@code ASR_HUB_*} environment variables over it (precedence: environment over file over default;
 * command-line options are applied by the commands on top). The file's keys are checked first, so
 * a typo there is reported as such; then every value, whichever source it came from, is checked
 * against its definition.
 */
public final class ConfigLoader {
    private ConfigLoader() {
    }

    /**
     * @param file     the configuration file, or null for none
     * @param env      the environment ({@code System.getenv()})
     * @param warnings receives one line per {@code ASR_HUB_*} variable that matches no key (ignored)
     */
    public static Settings load(Path file, Map<String, String> env, Consumer<String> warnings) throws AsrException {
        KnownKeys keys = KnownKeys.installed();
        Settings fromFile = Settings.unchecked(SettingsFile.read(file));
        keys.validate(fromFile);
        List<String> unknown = new ArrayList<>();
        Settings merged = keys.withEnvironment(fromFile, env, unknown);
        for (String variable : unknown) {
            warnings.accept("environment variable " + variable + " matches no configuration key; ignored");
        }
        keys.validate(merged);
        return merged;
    }
}
