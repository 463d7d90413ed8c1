package io.asrhub.config;

import io.asrhub.errors.AsrException;
import io.asrhub.errors.ErrorCode;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/** Reads a YAML (.yaml/.yml) or properties file into flat dotted keys; nested YAML maps become dotted names. */
final class SettingsFile {
    private SettingsFile() {
    }

    static Map<String, String> read(Path file) throws AsrException {
        Map<String, String> flat = new TreeMap<>();
        if (file == null) {
            return flat;
        }
        String name = file.getFileName().toString();
        try (Reader reader = Files.newBufferedReader(file)) {
            if (name.endsWith(".yaml") || name.endsWith(".yml")) {
                Object root = new Yaml(new SafeConstructor(new LoaderOptions())).load(reader);
                if (root != null && !(root instanceof Map)) {
                    throw new AsrException(ErrorCode.CONFIG_INVALID, file + ": top level must be a mapping");
                }
                flatten("", root, flat);
            } else {
                Properties props = new Properties();
                props.load(reader);
                props.stringPropertyNames().forEach(k -> flat.put(k, props.getProperty(k).trim()));
            }
        } catch (IOException e) {
            throw new AsrException(ErrorCode.CONFIG_INVALID, "cannot read config file " + file + ": " + e.getMessage(), e);
        } catch (org.yaml.snakeyaml.error.YAMLException e) {
            throw new AsrException(ErrorCode.CONFIG_INVALID, file + ": invalid YAML: " + e.getMessage(), e);
        }
        return flat;
    }

    private static void flatten(String prefix, Object node, Map<String, String> out) {
        if (node instanceof Map<?, ?> map) {
            map.forEach((k, v) -> flatten(prefix.isEmpty() ? String.valueOf(k) : prefix + "." + k, v, out));
        } else if (node != null) {
            out.put(prefix, String.valueOf(node));
        }
    }
}
