package io.asrhub.eval;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Word error rate: (substitutions + deletions + insertions) / reference words, after lower-casing
 * and removing punctuation, so "Hello, world." and "hello world" count as identical.
 */
public final class WordErrorRate {
    private WordErrorRate() {
    }

    public static double of(String reference, String hypothesis) {
        int words = words(reference).size();
        int errors = errors(reference, hypothesis);
        return words == 0 ? (errors == 0 ? 0.0 : 1.0) : errors / (double) words;
    }

    /** Words of the reference after normalisation: the denominator when summing errors over a corpus. */
    public static int referenceWords(String reference) {
        return words(reference).size();
    }

    /** Substitutions + deletions + insertions (word-level edit distance) after normalisation. */
    public static int errors(String reference, String hypothesis) {
        List<String> ref = words(reference);
        List<String> hyp = words(hypothesis);
        int[] previous = new int[hyp.size() + 1];
        int[] current = new int[hyp.size() + 1];
        for (int j = 0; j <= hyp.size(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= ref.size(); i++) {
            current[0] = i;
            for (int j = 1; j <= hyp.size(); j++) {
                int substitution = previous[j - 1] + (ref.get(i - 1).equals(hyp.get(j - 1)) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j] + 1, current[j - 1] + 1));
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[hyp.size()];
    }

    static List<String> words(String text) {
        String normalised = text.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9' ]", " ").trim();
        return normalised.isEmpty() ? List.of() : Arrays.asList(normalised.split("\\s+"));
    }
}
