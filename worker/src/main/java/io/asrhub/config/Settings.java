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

/**
 * Flat dotted-key configuration ({@code providers.whisper.pool.max}) read from YAML or a
 * properties file, where any key can be overridden by an environment variable named
 * {@code ASR_HUB_} + the key in upper case with every non-alphanumeric character as {@code _}
 * ({@code ASR_HUB_PROVIDERS_WHISPER_POOL_MAX}). Containers are configured through the latter.
 */
public final class Settings {
    private final Map<String, String> values;

    private Settings(Map<String, String> values) {
        this.values = values;
    }

    public static Settings empty() {
        return new Settings(new TreeMap<>());
    }

    public static Settings of(Map<String, String> values) {
        return new Settings(new TreeMap<>(values));
    }

    /** Loads a file (YAML when it ends in .yaml/.yml, properties otherwise), or nothing when null. */
    public static Settings load(Path file) throws AsrException {
        Map<String, String> flat = new TreeMap<>();
        if (file == null) {
            return new Settings(flat);
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
        return new Settings(flat);
    }

    private static void flatten(String prefix, Object node, Map<String, String> out) {
        if (node instanceof Map<?, ?> map) {
            map.forEach((k, v) -> flatten(prefix.isEmpty() ? String.valueOf(k) : prefix + "." + k, v, out));
        } else if (node != null) {
            out.put(prefix, String.valueOf(node));
        }
    }

    public Settings with(String key, String value) {
        Map<String, String> copy = new TreeMap<>(values);
        if (value == null) {
            copy.remove(key);
        } else {
            copy.put(key, value);
        }
        return new Settings(copy);
    }

    /** Every key present. */
    public java.util.Set<String> keys() {
        return java.util.Collections.unmodifiableSet(values.keySet());
    }

    public String get(Key key) {
        return get(key.name(), key.defaultValue());
    }

    public long getLong(Key key) throws AsrException {
        return getLong(key.name(), key.defaultLong());
    }

    public int getInt(Key key) throws AsrException {
        return getInt(key.name(), key.defaultInt());
    }

    public boolean getBoolean(Key key) throws AsrException {
        return getBoolean(key.name(), Boolean.parseBoolean(key.defaultValue()));
    }

    public static String envName(String key) {
        return "ASR_HUB_" + key.toUpperCase(java.util.Locale.ROOT).replaceAll("[^A-Z0-9]", "_");
    }

    public String get(String key, String fallback) {
        String v = values.get(key);
        return v == null || v.isBlank() ? fallback : v;
    }

    public long getLong(String key, long fallback) throws AsrException {
        String v = get(key, null);
        try {
            return v == null ? fallback : Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            throw new AsrException(ErrorCode.CONFIG_INVALID, "config " + key + " must be a whole number, got '" + v + "'");
        }
    }

    public int getInt(String key, int fallback) throws AsrException {
        long v = getLong(key, fallback);
        if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
            throw new AsrException(ErrorCode.CONFIG_INVALID, "config " + key + " is out of range, got '" + v + "'");
        }
        return (int) v;
    }

    public boolean getBoolean(String key, boolean fallback) throws AsrException {
        String v = get(key, null);
        if (v == null) {
            return fallback;
        }
        if (!v.equalsIgnoreCase("true") && !v.equalsIgnoreCase("false")) {
            throw new AsrException(ErrorCode.CONFIG_INVALID, "config " + key + " must be true or false, got '" + v + "'");
        }
        return Boolean.parseBoolean(v);
    }

    /** Every key under {@code prefix.}, with the prefix removed. */
    public Map<String, String> subtree(String prefix) {
        Map<String, String> out = new TreeMap<>();
        String p = prefix + ".";
        values.forEach((k, v) -> {
            if (k.startsWith(p)) {
                out.put(k.substring(p.length()), v);
            }
        });
        return out;
    }
}
