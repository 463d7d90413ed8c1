package io.asrhub.provider.openai;

import java.util.regex.Pattern;

/**
 * Cleans a backend's error body before it goes into an error message, a log line or a dead
 * letter: servers echo request headers (a bearer token ended up in a dead letter that way), so
 * the configured key, anything after "Bearer", "Authorization"/"api-key" values and long opaque
 * tokens are replaced, and the result is capped.
 */
final class SecretRedaction {
    static final int MAX_LENGTH = 200;
    private static final String MASK = "[redacted]";
    private static final Pattern BEARER = Pattern.compile("(?i)\\b(bearer|basic)\\s+[^\\s\"',;}]+");
    private static final Pattern NAMED = Pattern.compile(
            "(?i)((?:authorization|proxy-authorization|x-api-key|api[-_]?key|access[-_]?token|secret|password|token)"
                    + "[\"']?\\s*[:=]\\s*[\"']?)(?:bearer\\s+|basic\\s+)?[^\\s\"',;}]+");
    private static final Pattern KEY_LIKE = Pattern.compile("\\b(?:sk|pk|rk|ak)[-_][A-Za-z0-9_-]{6,}");
    private static final Pattern OPAQUE = Pattern.compile("[A-Za-z0-9+/_.=-]{32,}");

    private SecretRedaction() {
    }

    static String redact(String body, String apiKey) {
        if (body == null) {
            return "";
        }
        String s = body;
        if (apiKey != null && !apiKey.isBlank()) {
            s = s.replace(apiKey, MASK);
        }
        s = NAMED.matcher(s).replaceAll("$1" + MASK);
        s = BEARER.matcher(s).replaceAll("$1 " + MASK);
        s = KEY_LIKE.matcher(s).replaceAll(MASK);
        s = OPAQUE.matcher(s).replaceAll(MASK);
        s = s.replaceAll("\\s+", " ").strip();
        return s.length() > MAX_LENGTH ? s.substring(0, MAX_LENGTH) + "…" : s;
    }
}
