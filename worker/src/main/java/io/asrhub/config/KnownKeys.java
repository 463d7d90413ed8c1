package io.asrhub.config;

import io.asrhub.errors.AsrException;
import io.asrhub.errors.ErrorCode;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Everything a configuration may contain: the fixed keys ({@link ConfigKeys}), every provider
 * section's shared keys ({@link ProviderKeys}) and its engine's options, lane providers, and Kafka
 * client settings under {@code kafka.client.}. From it follow the two checks users rely on: a
 * typo in a file is refused with the nearest valid key, and every key can be set through an
 * {@code ASR_HUB_...} environment variable, including provider sections and Kafka client
 * settings that appear nowhere in the file.
 */
public final class KnownKeys {
    /** Environment variables of asr-hub that are not configuration keys. */
    private static final Set<String> NOT_KEYS = Set.of("ASR_HUB_WHISPER_MODEL", "ASR_HUB_MODEL_DIR",
            "ASR_HUB_MODEL_BASE_URL", "ASR_HUB_JAVA_OPTS");
    private static final List<String> LANES = List.of("small", "medium", "large");

    private final Set<String> fixed = new TreeSet<>();
    private final Map<String, Set<String>> engineOptions;
    private final Set<String> clientSettings;

    /**
     * @param engineOptions option keys of every engine, by engine name
     * @param clientSettings Kafka client setting names (producer, consumer and admin)
     * @param extraKeys fixed keys defined by other parts (e.g. chunking)
     */
    public KnownKeys(Map<String, Set<String>> engineOptions, Set<String> clientSettings, List<Key> extraKeys) {
        ConfigKeys.ALL.forEach(k -> fixed.add(k.name()));
        extraKeys.forEach(k -> fixed.add(k.name()));
        LANES.forEach(l -> fixed.add(ConfigKeys.laneProvider(l)));
        this.engineOptions = engineOptions;
        this.clientSettings = clientSettings;
    }

    /** Rejects the first unknown key, naming the nearest known one. */
    public void validate(Settings settings) throws AsrException {
        for (String key : settings.keys()) {
            if (!isKnown(key, settings)) {
                String nearest = nearest(key, candidatesFor(key, settings));
                throw new AsrException(ErrorCode.CONFIG_INVALID, "unknown configuration key '" + key + "'"
                        + (nearest == null ? "" : "; did you mean '" + nearest + "'?"));
            }
        }
    }

    private boolean isKnown(String key, Settings settings) {
        if (fixed.contains(key)) {
            return true;
        }
        if (key.startsWith(ConfigKeys.KAFKA_CLIENT_PREFIX)) {
            return clientSettings.contains(key.substring(ConfigKeys.KAFKA_CLIENT_PREFIX.length()));
        }
        if (key.startsWith("providers.")) {
            String rest = key.substring("providers.".length());
            int dot = rest.indexOf('.');
            return dot > 0 && providerSuffixes(settings, rest.substring(0, dot)).contains(rest.substring(dot + 1));
        }
        return false;
    }

    private Set<String> providerSuffixes(Settings settings, String provider) {
        Set<String> out = new TreeSet<>();
        ProviderKeys.ALL.forEach(k -> out.add(k.name()));
        out.add("model");
        String engine = settings.get(ProviderKeys.full(provider, ProviderKeys.ENGINE), provider);
        out.addAll(engineOptions.getOrDefault(engine, allEngineOptions()));
        return out;
    }

    private Set<String> allEngineOptions() {
        Set<String> all = new TreeSet<>();
        engineOptions.values().forEach(all::addAll);
        return all;
    }

    private List<String> candidatesFor(String key, Settings settings) {
        List<String> out = new ArrayList<>(fixed);
        if (key.startsWith("providers.")) {
            String rest = key.substring("providers.".length());
            int dot = rest.indexOf('.');
            String provider = dot > 0 ? rest.substring(0, dot) : rest;
            providerSuffixes(settings, provider).forEach(s -> out.add("providers." + provider + "." + s));
        }
        clientSettings.forEach(c -> out.add(ConfigKeys.KAFKA_CLIENT_PREFIX + c));
        return out;
    }

    /** Applies {@code ASR_HUB_*} variables on top of {@code file}; returns the variables that match no key. */
    public Settings withEnvironment(Settings file, Map<String, String> env, List<String> unknownOut) {
        Map<String, String> byEnvName = new TreeMap<>();
        fixed.forEach(k -> byEnvName.put(Settings.envName(k), k));
        file.keys().forEach(k -> byEnvName.put(Settings.envName(k), k));
        clientSettings.forEach(c -> byEnvName.put(Settings.envName(ConfigKeys.KAFKA_CLIENT_PREFIX + c),
                ConfigKeys.KAFKA_CLIENT_PREFIX + c));
        Set<String> providers = new TreeSet<>(ProviderSettings.names(file));
        providers.addAll(providersNamedIn(env));
        for (String p : providers) {
            providerSuffixes(file, p).forEach(s -> byEnvName.put(Settings.envName("providers." + p + "." + s),
                    "providers." + p + "." + s));
        }
        Settings merged = file;
        for (Map.Entry<String, String> e : new TreeMap<>(env).entrySet()) {
            if (!e.getKey().startsWith("ASR_HUB_") || NOT_KEYS.contains(e.getKey())) {
                continue;
            }
            String key = byEnvName.get(e.getKey());
            if (key == null) {
                unknownOut.add(e.getKey());
            } else {
                merged = merged.with(key, e.getValue());
            }
        }
        return merged;
    }

    /**
     * Provider names that appear only in the environment: {@code ASR_HUB_PROVIDERS_<NAME>_<KEY>}
     * with a known key suffix; the name is read back in lower case with {@code _} as {@code -}.
     */
    private Set<String> providersNamedIn(Map<String, String> env) {
        Set<String> suffixes = new TreeSet<>();
        ProviderKeys.ALL.forEach(k -> suffixes.add(k.name()));
        suffixes.add("model");
        suffixes.addAll(allEngineOptions());
        Set<String> names = new TreeSet<>();
        String prefix = "ASR_HUB_PROVIDERS_";
        for (String var : env.keySet()) {
            if (!var.startsWith(prefix)) {
                continue;
            }
            String rest = var.substring(prefix.length());
            for (String suffix : suffixes) {
                String tail = "_" + suffix.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_");
                if (rest.endsWith(tail) && rest.length() > tail.length()) {
                    names.add(rest.substring(0, rest.length() - tail.length()).toLowerCase(Locale.ROOT)
                            .replace('_', '-'));
                }
            }
        }
        return names;
    }

    static String nearest(String key, List<String> candidates) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String c : candidates) {
            int d = distance(key, c);
            if (d < bestDistance) {
                bestDistance = d;
                best = c;
            }
        }
        return bestDistance <= Math.max(2, key.length() / 3) ? best : null;
    }

    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
