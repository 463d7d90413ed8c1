package io.asrhub.config;

/** One configuration key: its dotted name, its default (null when it has none) and what it means. */
public record Key(String name, String defaultValue, String meaning) {
    public long defaultLong() {
        return Long.parseLong(defaultValue);
    }

    public int defaultInt() {
        return Integer.parseInt(defaultValue);
    }
}
