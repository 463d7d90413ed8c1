package io.asrhub.config;

import io.asrhub.errors.AsrException;

import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Flat dotted-key configuration ({@code providers.whisper.pool.max}), checked against the key
 * definitions when it is made: {@link ConfigLoader} reads it from a file and {@code ASR_HUB_*}
 * environment variables, {@link #of} builds it from a map (tests and harnesses), and either way an
 * unknown key or a bad value fails at once with a message naming the key, the value and the rule.
 * Values are read only through their {@link Definition}.
 */
public final class Settings {
    private final Map<String, String> values;

    private Settings(Map<String, String> values) {
        this.values = values;
    }

    public static Settings empty() {
        return new Settings(new TreeMap<>());
    }

    /** Settings from a map, validated like a configuration file (unknown key or bad value: CONFIG_INVALID). */
    public static Settings of(Map<String, String> values) throws AsrException {
        Settings s = unchecked(values);
        KnownKeys.installed().validate(s);
        return s;
    }

    /** Settings taken as they are: for the loader before it validates, and for one provider's section. */
    static Settings unchecked(Map<String, String> values) {
        return new Settings(new TreeMap<>(values));
    }

    /** These settings with {@code key} set to {@code value} (or removed when null), validated. */
    public Settings with(String key, String value) throws AsrException {
        Settings s = withUnchecked(key, value);
        KnownKeys.installed().validate(s);
        return s;
    }

    /** These settings with the key of {@code definition} set to {@code value}, validated. */
    public Settings with(Definition<?> definition, Object value) throws AsrException {
        return with(definition.name(), value == null ? null : String.valueOf(value));
    }

    Settings withUnchecked(String key, String value) {
        Map<String, String> copy = new TreeMap<>(values);
        if (value == null) {
            copy.remove(key);
        } else {
            copy.put(key, value);
        }
        return new Settings(copy);
    }

    /** Every key present. */
    public Set<String> keys() {
        return Collections.unmodifiableSet(values.keySet());
    }

    /** The configured value of {@code definition}, else its default (null when it has none). */
    public <T> T get(Definition<T> definition) throws AsrException {
        return find(definition).orElse(definition.defaultValue());
    }

    /** The configured value of {@code definition}, empty when it is not set (defaults are not applied). */
    public <T> Optional<T> find(Definition<T> definition) throws AsrException {
        String v = raw(definition.name());
        return v == null ? Optional.empty() : Optional.ofNullable(definition.parse(definition.name(), v));
    }

    /** Kafka client settings ({@code kafka.client.*}) with the prefix removed; each was checked to be a client setting. */
    public Map<String, String> kafkaClientSettings() {
        return subtree(ConfigKeys.KAFKA_CLIENT_PREFIX.substring(0, ConfigKeys.KAFKA_CLIENT_PREFIX.length() - 1));
    }

    public static String envName(String key) {
        return "ASR_HUB_" + key.toUpperCase(java.util.Locale.ROOT).replaceAll("[^A-Z0-9]", "_");
    }

    /** The text set for {@code key}, null when absent or blank. Only the config package reads raw text. */
    String raw(String key) {
        String v = values.get(key);
        return v == null || v.isBlank() ? null : v;
    }

    /** Every key under {@code prefix.}, with the prefix removed. */
    Map<String, String> subtree(String prefix) {
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
