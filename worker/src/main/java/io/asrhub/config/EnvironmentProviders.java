package io.asrhub.config;

import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** Helpers of {@link KnownKeys}: provider sections named only in the environment, and the edit distance of a typo. */
final class EnvironmentProviders {
    /** Environment variables of asr-hub that are not configuration keys. */
    static final Set<String> NOT_KEYS = Set.of("ASR_HUB_WHISPER_MODEL", "ASR_HUB_MODEL_DIR",
            "ASR_HUB_MODEL_BASE_URL", "ASR_HUB_JAVA_OPTS");

    private EnvironmentProviders() {
    }

    /**
     * Provider names that appear only in the environment: {@code ASR_HUB_PROVIDERS_<NAME>_<KEY>}
     * with a known key suffix; the name is read back in lower case with {@code _} as {@code -}.
     */
    static Set<String> named(Map<String, String> env, Set<String> suffixes) {
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

    static int distance(String a, String b) {
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
