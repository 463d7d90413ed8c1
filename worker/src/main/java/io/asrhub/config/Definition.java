package io.asrhub.config;

import io.asrhub.errors.AsrException;
import io.asrhub.errors.ErrorCode;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * One configuration key, defined once: its dotted name, type, default (null when it has none),
 * the rules its value must meet and what it means. Every reader takes the value through its
 * definition ({@link Settings#get(Definition)}), so the default and the checks cannot drift apart,
 * and the same definition validates the file and the environment at start-up and checks the key
 * table in docs/configuration.md ({@code DocumentedKeysTest}).
 *
 * <p>Provider keys are defined by their part after {@code providers.NAME.} ({@link ProviderKeys},
 * and each engine's options); {@link KnownKeys} places them under every provider section.
 */
public final class Definition<T> {
    private final String name;
    private final ValueType<T> type;
    private final T defaultValue;
    private final List<Rule<? super T>> rules;
    private final String meaning;
    private final String documentedDefault;

    private Definition(String name, ValueType<T> type, T defaultValue, List<Rule<? super T>> rules, String meaning,
                       String documentedDefault) {
        this.name = name;
        this.type = type;
        this.defaultValue = defaultValue;
        this.rules = List.copyOf(rules);
        this.meaning = meaning;
        this.documentedDefault = documentedDefault;
    }

    public static <T> Definition<T> of(String name, ValueType<T> type, T defaultValue, String meaning) {
        return new Definition<>(name, type, defaultValue, List.of(), meaning, null);
    }

    public static Definition<String> string(String name, String defaultValue, String meaning) {
        return of(name, ValueType.STRING, defaultValue, meaning);
    }

    public static Definition<Integer> integer(String name, Integer defaultValue, String meaning) {
        return of(name, ValueType.INT, defaultValue, meaning);
    }

    public static Definition<Long> longValue(String name, Long defaultValue, String meaning) {
        return of(name, ValueType.LONG, defaultValue, meaning);
    }

    public static Definition<Boolean> bool(String name, Boolean defaultValue, String meaning) {
        return of(name, ValueType.BOOLEAN, defaultValue, meaning);
    }

    public static Definition<Double> decimal(String name, Double defaultValue, String meaning) {
        return of(name, ValueType.DOUBLE, defaultValue, meaning);
    }

    /** A duration in milliseconds; never negative unless a rule says otherwise. */
    public static Definition<Duration> millis(String name, Long defaultMs, String meaning) {
        return of(name, ValueType.MILLIS, defaultMs == null ? null : Duration.ofMillis(defaultMs), meaning)
                .check(Rule.atLeastMs(0));
    }

    /** One of a few words (compared without regard to case; read back in lower case). */
    public static Definition<String> choice(String name, String defaultValue, String meaning, String... allowed) {
        return new Definition<>(name, ValueType.lowerCase(), defaultValue, List.of(Rule.oneOf(allowed)), meaning, null);
    }

    public static Definition<List<String>> list(String name, List<String> defaultValue, String meaning) {
        return of(name, ValueType.LIST, defaultValue, meaning);
    }

    /** This definition with one more rule (a {@code millis} key's "not negative" is replaced, not added to). */
    public Definition<T> check(Rule<? super T> rule) {
        List<Rule<? super T>> more = new ArrayList<>(rules);
        if (type == ValueType.MILLIS) {
            more.removeIf(r -> r.description().equals("must not be negative"));
        }
        more.add(rule);
        return new Definition<>(name, type, defaultValue, more, meaning, documentedDefault);
    }

    /**
     * How docs/configuration.md states the default when it is not the plain value: a computed one
     * ("cores (at least 2)"), one given in other units ("256 MiB") or none.
     */
    public Definition<T> documentedDefault(String text) {
        return new Definition<>(name, type, defaultValue, rules, meaning, text);
    }

    /** The same definition under another name (a template placed under one provider section or lane). */
    public Definition<T> named(String newName) {
        return new Definition<>(newName, type, defaultValue, rules, meaning, documentedDefault);
    }

    public String name() {
        return name;
    }

    public T defaultValue() {
        return defaultValue;
    }

    public String meaning() {
        return meaning;
    }

    /** The default as docs/configuration.md must state it. */
    public String documentedDefault() {
        if (documentedDefault != null) {
            return documentedDefault;
        }
        return defaultValue == null ? "none" : "`" + type.print(defaultValue) + "`";
    }

    /**
     * The typed value of {@code text} set for {@code key} (this definition's name, or the full key of
     * a provider template). Fails naming the key, the value and the rule it breaks.
     */
    public T parse(String key, String text) throws AsrException {
        T value;
        try {
            value = type.parse(text);
        } catch (IllegalArgumentException e) {
            throw invalid(key, text, type.description());
        }
        for (Rule<? super T> rule : rules) {
            if (value != null && !rule.test().test(value)) {
                throw invalid(key, text, rule.description());
            }
        }
        return value;
    }

    private static AsrException invalid(String key, String text, String rule) {
        return new AsrException(ErrorCode.CONFIG_INVALID, "configuration key '" + key + "' has the value '"
                + text.trim() + "': " + rule);
    }

    @Override
    public String toString() {
        return name;
    }
}
