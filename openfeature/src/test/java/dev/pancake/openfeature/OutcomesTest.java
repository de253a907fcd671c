package dev.pancake.openfeature;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.openfeature.sdk.ErrorCode;
import dev.openfeature.sdk.ProviderEvaluation;

/** What the agent answers, as OpenFeature values, variants and reasons. */
class OutcomesTest {

    @ParameterizedTest
    @CsvSource({
        "on:stored,       true,  on,  STATIC",
        "off:stored,      false, off, STATIC",
        "on:override,     true,  on,  TARGETING_MATCH",
        "off:override,    false, off, TARGETING_MATCH",
        "on:percentage,   true,  on,  SPLIT",
        "off:percentage,  false, off, SPLIT",
        "on:default,      true,  on,  DEFAULT",
        "off:default,     false, off, DEFAULT",
    })
    void eachAnswerHasItsValueVariantAndReason(String outcome, boolean value, String variant, String reason) {
        ProviderEvaluation<Boolean> e = Outcomes.of("NEW_CHECKOUT", outcome, !value);
        assertEquals(value, e.getValue());
        assertEquals(variant, e.getVariant());
        assertEquals(reason, e.getReason());
        assertNull(e.getErrorCode());
        assertNull(e.getErrorMessage());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "<null>       | FLAG_NOT_FOUND     | flag NEW_CHECKOUT is not declared in pancake.yml",
        "off:undecided | PROVIDER_NOT_READY | the Pancake agent has not read flag NEW_CHECKOUT from its store yet (it is starting, or this thread was interrupted)",
        "maybe:stored | GENERAL            | the Pancake agent answered maybe:stored for flag NEW_CHECKOUT",
        "on:hearsay   | GENERAL            | the Pancake agent answered on:hearsay for flag NEW_CHECKOUT",
    }, nullValues = "<null>")
    void whatCannotBeAnsweredIsAnErrorWithTheDefault(String outcome, ErrorCode code, String message) {
        ProviderEvaluation<Boolean> e = Outcomes.of("NEW_CHECKOUT", outcome, true);
        assertEquals(true, e.getValue(), "the caller's default");
        assertEquals(code, e.getErrorCode());
        assertEquals("ERROR", e.getReason());
        assertEquals(message, e.getErrorMessage());
        assertNull(e.getVariant());
    }
}
