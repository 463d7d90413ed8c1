package io.asrhub.config;

import io.asrhub.errors.AsrException;
import io.asrhub.errors.ErrorCode;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Types, rules and the one failure message of a key definition. */
class DefinitionTest {
    private static String failure(Definition<?> d, String text) {
        AsrException e = assertThrows(AsrException.class, () -> d.parse(d.name(), text));
        assertEquals(ErrorCode.CONFIG_INVALID, e.code());
        return e.getMessage();
    }

    @Test
    void eachTypeReadsItsTextForm() throws AsrException {
        assertEquals("x y", Definition.string("a", null, "").parse("a", " x y "), "text is trimmed");
        assertEquals(42, Definition.integer("a", null, "").parse("a", " 42 "));
        assertEquals(5_000_000_000L, Definition.longValue("a", null, "").parse("a", "5000000000"));
        assertEquals(true, Definition.bool("a", null, "").parse("a", "TRUE"));
        assertEquals(0.25, Definition.decimal("a", null, "").parse("a", "0.25"));
        assertEquals(Duration.ofMillis(1500), Definition.millis("a", null, "").parse("a", "1500"));
        assertEquals(List.of("small", "large"), Definition.list("a", null, "").parse("a", "small, ,large,"));
        assertEquals("share", Definition.choice("a", null, "", "consumer", "share").parse("a", "Share"));
        assertNull(Definition.of("a", ValueType.INT_OR_AUTO, null, "").parse("a", "auto"));
    }

    @Test
    void aValueOfTheWrongTypeNamesKeyValueAndType() {
        assertEquals("configuration key 'n' has the value 'two': must be a whole number between -2147483648 and "
                + "2147483647", failure(Definition.integer("n", 1, ""), "two"));
        assertEquals("configuration key 'n' has the value '3000000000': must be a whole number between "
                + "-2147483648 and 2147483647", failure(Definition.integer("n", 1, ""), "3000000000"));
        assertEquals("configuration key 'b' has the value 'yes': must be true or false",
                failure(Definition.bool("b", false, ""), "yes"));
        assertEquals("configuration key 'd' has the value 'NaN': must be a number",
                failure(Definition.decimal("d", 0.5, ""), "NaN"));
        assertEquals("configuration key 't' has the value '1.5': must be a whole number of milliseconds",
                failure(Definition.millis("t", 1L, ""), "1.5"));
    }

    @Test
    void aValueBreakingARuleNamesKeyValueAndRule() {
        assertEquals("configuration key 'n' has the value '0': must be at least 1",
                failure(Definition.integer("n", 1, "").check(Rule.atLeast(1)), "0"));
        assertEquals("configuration key 'p' has the value '70000': must be between 0 and 65535",
                failure(Definition.integer("p", 0, "").check(Rule.between(0, 65_535)), "70000"));
        assertEquals("configuration key 'f' has the value '1.2': must be between 0 and 1",
                failure(Definition.decimal("f", 0.5, "").check(Rule.fraction()), "1.2"));
        assertEquals("configuration key 'c' has the value 'both': must be one of consumer, share",
                failure(Definition.choice("c", "consumer", "", "consumer", "share"), "both"));
        assertEquals("configuration key 'l' has the value 'small,huge': each entry must be one of small, large",
                failure(Definition.list("l", List.of(), "").check(Rule.eachOneOf("small", "large")), "small,huge"));
    }

    @Test
    void durationsAreNeverNegativeUnlessARuleSaysMore() throws AsrException {
        Definition<Duration> plain = Definition.millis("t", 1L, "");
        assertEquals("configuration key 't' has the value '-1': must not be negative", failure(plain, "-1"));
        assertEquals(Duration.ZERO, plain.parse("t", "0"));
        Definition<Duration> floor = plain.check(Rule.atLeastMs(1000));
        assertEquals("configuration key 't' has the value '999': must be at least 1000 ms", failure(floor, "999"));
        assertEquals(Duration.ofSeconds(1), floor.parse("t", "1000"));
    }

    @Test
    void aTemplateIsReportedUnderTheKeyItWasSetAs() {
        Definition<Integer> max = ProviderKeys.POOL_MAX;
        AsrException e = assertThrows(AsrException.class, () -> max.parse("providers.remote.pool.max", "0"));
        assertEquals("configuration key 'providers.remote.pool.max' has the value '0': must be at least 1",
                e.getMessage());
        assertEquals("providers.remote.pool.max", ProviderKeys.in("remote", max).name());
    }

    @Test
    void theDocumentedDefaultIsTheValueUnlessStatedOtherwise() {
        assertEquals("`30000`", Definition.millis("t", 30_000L, "").documentedDefault());
        assertEquals("`large`", Definition.list("l", List.of("large"), "").documentedDefault());
        assertEquals("none", Definition.string("s", null, "").documentedDefault());
        assertEquals("16 MiB", ConfigKeys.MAX_MESSAGE_BYTES.documentedDefault());
    }
}
