package io.asrhub.eval;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class WordErrorRateTest {
    @Test
    void identicalTextIgnoringCaseAndPunctuationIsZero() {
        assertEquals(0.0, WordErrorRate.of("Hello, world.", "hello world"));
    }

    @Test
    void countsSubstitutionsDeletionsAndInsertions() {
        assertEquals(0.25, WordErrorRate.of("the cat sat down", "the bat sat down"));
        assertEquals(0.5, WordErrorRate.of("the cat sat down", "the cat"));
        assertEquals(0.5, WordErrorRate.of("the cat", "the big cat"));
    }

    @Test
    void emptyHypothesisIsTotalError() {
        assertEquals(1.0, WordErrorRate.of("one two three", ""));
    }

    @Test
    void aReferenceAgainstItselfIsZeroAndErrorCountsAddUpOverACorpus() {
        String ref = "had he married a more a amiable woman he might have been made still more respectable than he was";
        assertEquals(0.0, WordErrorRate.of(ref, ref));
        assertEquals(0, WordErrorRate.errors(ref, ref));
        assertEquals(19, WordErrorRate.referenceWords(ref));
        assertEquals(2, WordErrorRate.errors("the cat sat down", "a cat sat")); // one substitution, one deletion
        assertEquals(0, WordErrorRate.referenceWords(" ,. "));
    }
}
