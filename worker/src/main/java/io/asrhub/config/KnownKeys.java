package io.asrhub.config;

import io.asrhub.errors.AsrException;
import io.asrhub.errors.ErrorCode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Every key a configuration may contain, each with its {@link Definition}: the fixed keys of every
 * part, each provider section's shared keys ({@link ProviderKeys}) and its engine's options, and
 * Kafka client settings under {@code kafka.client.}. From it follow the checks users rely on: a
 * typo is refused with the nearest valid key, a bad value is refused naming the key, the value and
 * the rule, and every key can be set through an {@code ASR_HUB_...} environment variable, including
 * provider sections and Kafka client settings that appear nowhere in the file.
 */
public final class KnownKeys {
    private static volatile KnownKeys installed;

    private final Map<String, Definition<?>> fixed = new TreeMap<>();
    private final Map<String, Map<String, Definition<?>>> engineOptions = new TreeMap<>();
    private final Set<String> clientSettings;

    /**
     * @param fixed          keys by full name
     * @param engineOptions  option keys of every engine (their part after {@code providers.NAME.}), by engine
     * @param clientSettings Kafka client setting names (producer, consumer, admin and streams)
     */
    public KnownKeys(List<Definition<?>> fixed, Map<String, List<Definition<?>>> engineOptions,
                     Set<String> clientSettings) {
        fixed.forEach(d -> {
            if (this.fixed.put(d.name(), d) != null) {
                throw new IllegalStateException("configuration key " + d.name() + " is defined twice");
            }
        });
        engineOptions.forEach((engine, options) -> {
            Map<String, Definition<?>> byName = new LinkedHashMap<>();
            options.forEach(d -> byName.put(d.name(), d));
            this.engineOptions.put(engine, byName);
        });
        this.clientSettings = Set.copyOf(clientSettings);
    }

    /** The keys of every part of the program ({@link ConfigKeys} and each {@link DefinitionSource}). */
    public static KnownKeys installed() {
        KnownKeys keys = installed;
        if (keys == null) {
            List<Definition<?>> fixed = new ArrayList<>(ConfigKeys.DEFINITIONS);
            Map<String, List<Definition<?>>> engines = new TreeMap<>();
            Set<String> client = new TreeSet<>();
            for (DefinitionSource source : ServiceLoader.load(DefinitionSource.class)) {
                fixed.addAll(source.definitions());
                engines.putAll(source.engineOptions());
                client.addAll(source.kafkaClientSettings());
            }
            keys = new KnownKeys(fixed, engines, client);
            installed = keys;
        }
        return keys;
    }

    /** Fixed keys, by full name (for the documentation check). */
    public Map<String, Definition<?>> fixedDefinitions() {
        return java.util.Collections.unmodifiableMap(fixed);
    }

    /** Each engine's options, by engine name (for the documentation check). */
    public Map<String, Map<String, Definition<?>>> engineDefinitions() {
        return java.util.Collections.unmodifiableMap(engineOptions);
    }

    /** Refuses the first unknown key (naming the nearest known one) and the first value its definition refuses. */
    public void validate(Settings settings) throws AsrException {
        for (String key : settings.keys()) {
            Optional<Definition<?>> definition = definitionOf(key, settings);
            if (definition.isEmpty()) {
                String nearest = nearest(key, candidatesFor(key, settings));
                throw new AsrException(ErrorCode.CONFIG_INVALID, "unknown configuration key '" + key + "'"
                        + (nearest == null ? "" : "; did you mean '" + nearest + "'?"));
            }
            String value = settings.raw(key);
            if (value != null) {
                definition.get().parse(key, value);
            }
        }
    }

    /** The definition of {@code key}; a provider key's depends on its section's engine. */
    Optional<Definition<?>> definitionOf(String key, Settings settings) {
        if (fixed.containsKey(key)) {
            return Optional.of(fixed.get(key));
        }
        if (key.startsWith(ConfigKeys.KAFKA_CLIENT_PREFIX)) {
            return clientSettings.contains(key.substring(ConfigKeys.KAFKA_CLIENT_PREFIX.length()))
                    ? Optional.of(Definition.string(key, null, "Kafka client setting")) : Optional.empty();
        }
        if (key.startsWith(ProviderKeys.PREFIX)) {
            String rest = key.substring(ProviderKeys.PREFIX.length());
            int dot = rest.indexOf('.');
            return dot > 0 ? Optional.ofNullable(providerKeys(settings, rest.substring(0, dot)).get(rest.substring(dot + 1)))
                    : Optional.empty();
        }
        return Optional.empty();
    }

    /** The keys of one provider section, by their part after {@code providers.NAME.}: the engine's first. */
    private Map<String, Definition<?>> providerKeys(Settings settings, String provider) {
        Map<String, Definition<?>> out = new TreeMap<>();
        ProviderKeys.ALL.forEach(d -> out.put(d.name(), d));
        out.put(ProviderKeys.MODEL.name(), ProviderKeys.MODEL);
        String engine = settings.raw(ProviderKeys.full(provider, ProviderKeys.ENGINE));
        Map<String, Definition<?>> options = engineOptions.get(engine == null ? provider : engine);
        if (options == null) {
            engineOptions.values().forEach(out::putAll); // an engine that is not installed: any engine's options
        } else {
            out.putAll(options);
        }
        return out;
    }

    private List<String> candidatesFor(String key, Settings settings) {
        List<String> out = new ArrayList<>(fixed.keySet());
        if (key.startsWith(ProviderKeys.PREFIX)) {
            String rest = key.substring(ProviderKeys.PREFIX.length());
            int dot = rest.indexOf('.');
            String provider = dot > 0 ? rest.substring(0, dot) : rest;
            providerKeys(settings, provider).keySet().forEach(s -> out.add(ProviderKeys.PREFIX + provider + "." + s));
        }
        clientSettings.forEach(c -> out.add(ConfigKeys.KAFKA_CLIENT_PREFIX + c));
        return out;
    }

    /** Applies {@code ASR_HUB_*} variables on top of {@code file}; adds the variables that match no key to {@code unknownOut}. */
    public Settings withEnvironment(Settings file, Map<String, String> env, List<String> unknownOut) {
        Map<String, String> byEnvName = new TreeMap<>();
        fixed.keySet().forEach(k -> byEnvName.put(Settings.envName(k), k));
        file.keys().forEach(k -> byEnvName.put(Settings.envName(k), k));
        clientSettings.forEach(c -> byEnvName.put(Settings.envName(ConfigKeys.KAFKA_CLIENT_PREFIX + c),
                ConfigKeys.KAFKA_CLIENT_PREFIX + c));
        Set<String> providers = new TreeSet<>(ProviderSettings.names(file));
        providers.addAll(EnvironmentProviders.named(env, providerSuffixes()));
        for (String p : providers) {
            providerKeys(file, p).keySet().forEach(s -> byEnvName.put(Settings.envName(ProviderKeys.PREFIX + p + "." + s),
                    ProviderKeys.PREFIX + p + "." + s));
        }
        Settings merged = file;
        for (Map.Entry<String, String> e : new TreeMap<>(env).entrySet()) {
            if (!e.getKey().startsWith("ASR_HUB_") || EnvironmentProviders.NOT_KEYS.contains(e.getKey())) {
                continue;
            }
            String key = byEnvName.get(e.getKey());
            if (key == null) {
                unknownOut.add(e.getKey());
            } else {
                merged = merged.withUnchecked(key, e.getValue());
            }
        }
        return merged;
    }

    private Set<String> providerSuffixes() {
        Set<String> suffixes = new TreeSet<>();
        ProviderKeys.ALL.forEach(k -> suffixes.add(k.name()));
        suffixes.add(ProviderKeys.MODEL.name());
        engineOptions.values().forEach(o -> suffixes.addAll(o.keySet()));
        return suffixes;
    }

    static String nearest(String key, List<String> candidates) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String c : candidates) {
            int d = EnvironmentProviders.distance(key, c);
            if (d < bestDistance) {
                bestDistance = d;
                best = c;
            }
        }
        return bestDistance <= Math.max(2, key.length() / 3) ? best : null;
    }
}
