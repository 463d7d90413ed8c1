package io.asrhub.config;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;

/**
 * A condition a configured value must meet, with the words that tell the user what it is
 * ("must be at least 1"). The failure message names the key, the value and this description.
 */
public record Rule<T>(String description, Predicate<T> test) {
    public static <T> Rule<T> of(String description, Predicate<T> test) {
        return new Rule<>(description, test);
    }

    public static Rule<Number> atLeast(long min) {
        return new Rule<>("must be at least " + min, n -> n.longValue() >= min);
    }

    public static Rule<Number> between(long min, long max) {
        return new Rule<>("must be between " + min + " and " + max, n -> n.longValue() >= min && n.longValue() <= max);
    }

    /** A share of something: 0 to 1 inclusive. */
    public static Rule<Number> fraction() {
        return new Rule<>("must be between 0 and 1", n -> n.doubleValue() >= 0 && n.doubleValue() <= 1);
    }

    public static Rule<Duration> atLeastMs(long min) {
        return new Rule<>(min == 0 ? "must not be negative" : "must be at least " + min + " ms",
                d -> d.toMillis() >= min);
    }

    /** One of a few words, compared without regard to case. */
    public static Rule<String> oneOf(String... allowed) {
        List<String> words = Arrays.asList(allowed);
        return new Rule<>("must be one of " + String.join(", ", words),
                s -> words.contains(s.trim().toLowerCase(Locale.ROOT)));
    }

    /** Every entry of a list is one of a few words, compared without regard to case. */
    public static Rule<List<String>> eachOneOf(String... allowed) {
        List<String> words = Arrays.asList(allowed);
        return new Rule<>("each entry must be one of " + String.join(", ", words),
                l -> l.stream().allMatch(s -> words.contains(s.toLowerCase(Locale.ROOT))));
    }
}
