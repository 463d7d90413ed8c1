package io.asrhub.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * How a configuration value is written and read: the text form users write (in a file or an
 * environment variable) and the typed value the program reads. A value that does not parse fails
 * with {@link #description()}, e.g. "must be a whole number".
 */
public final class ValueType<T> {
    public static final ValueType<String> STRING = new ValueType<>("text", s -> s, Object::toString);
    public static final ValueType<Long> LONG = new ValueType<>("must be a whole number", ValueType::parseLong,
            Object::toString);
    public static final ValueType<Integer> INT = new ValueType<>("must be a whole number between "
            + Integer.MIN_VALUE + " and " + Integer.MAX_VALUE, ValueType::parseInt, Object::toString);
    public static final ValueType<Boolean> BOOLEAN = new ValueType<>("must be true or false", ValueType::parseBoolean,
            Object::toString);
    public static final ValueType<Double> DOUBLE = new ValueType<>("must be a number", ValueType::parseDouble,
            Object::toString);
    /** A duration written in whole milliseconds (every {@code *-ms} key). */
    public static final ValueType<Duration> MILLIS = new ValueType<>("must be a whole number of milliseconds",
            s -> Duration.ofMillis(parseLong(s)), d -> String.valueOf(d.toMillis()));
    /** A whole number, or {@code auto} (read as null: the reader decides). */
    public static final ValueType<Integer> INT_OR_AUTO = new ValueType<>("must be a whole number or auto",
            s -> s.equalsIgnoreCase("auto") ? null : parseInt(s), v -> v == null ? "auto" : v.toString());
    /** A comma-separated list; blank entries are dropped. */
    public static final ValueType<List<String>> LIST = new ValueType<>("comma-separated list", ValueType::parseList,
            l -> String.join(",", l));

    /** Text read back in lower case (the words of a {@link Definition#choice}). */
    static ValueType<String> lowerCase() {
        return LOWER_CASE;
    }

    private static final ValueType<String> LOWER_CASE = new ValueType<>("text",
            s -> s.toLowerCase(Locale.ROOT), Object::toString);

    private final String description;
    private final Function<String, T> parser;
    private final Function<T, String> printer;

    private ValueType(String description, Function<String, T> parser, Function<T, String> printer) {
        this.description = description;
        this.parser = parser;
        this.printer = printer;
    }

    /** The rule a text must follow to be a value of this type. */
    public String description() {
        return description;
    }

    /** The typed value; throws IllegalArgumentException when the text is not one. */
    T parse(String text) {
        return parser.apply(text.trim());
    }

    /** The text form of a value, as a user would write it. */
    String print(T value) {
        return printer.apply(value);
    }

    private static long parseLong(String s) {
        return Long.parseLong(s);
    }

    private static int parseInt(String s) {
        return Integer.parseInt(s);
    }

    private static boolean parseBoolean(String s) {
        String v = s.toLowerCase(Locale.ROOT);
        if (!v.equals("true") && !v.equals("false")) {
            throw new IllegalArgumentException(s);
        }
        return v.equals("true");
    }

    private static double parseDouble(String s) {
        double v = Double.parseDouble(s);
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            throw new IllegalArgumentException(s);
        }
        return v;
    }

    private static List<String> parseList(String s) {
        List<String> out = new ArrayList<>();
        for (String part : s.split(",")) {
            if (!part.isBlank()) {
                out.add(part.trim());
            }
        }
        return Collections.unmodifiableList(out);
    }
}
