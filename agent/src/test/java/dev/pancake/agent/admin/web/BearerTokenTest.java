package dev.pancake.agent.admin.web;

import static dev.pancake.agent.admin.web.BearerToken.Verdict.ACCEPTED;
import static dev.pancake.agent.admin.web.BearerToken.Verdict.MISSING;
import static dev.pancake.agent.admin.web.BearerToken.Verdict.NOT_CONFIGURED;
import static dev.pancake.agent.admin.web.BearerToken.Verdict.WRONG;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class BearerTokenTest {

    @Test
    void theConfiguredTokenIsAccepted() {
        assertEquals(ACCEPTED, BearerToken.check("s3cret-token", "Bearer s3cret-token"));
        assertEquals(ACCEPTED, BearerToken.check("s3cret-token", "bearer s3cret-token"), "the scheme is case-insensitive");
    }

    @Test
    void noBearerHeaderIsMissing() {
        assertEquals(MISSING, BearerToken.check("s3cret-token", null));
        assertEquals(MISSING, BearerToken.check("s3cret-token", "Basic czNjcmV0LXRva2Vu"));
        assertEquals(MISSING, BearerToken.check("s3cret-token", "Bear"));
    }

    @Test
    void anyOtherTokenIsWrong() {
        assertEquals(WRONG, BearerToken.check("s3cret-token", "Bearer s3cret-tokeN"));
        assertEquals(WRONG, BearerToken.check("s3cret-token", "Bearer s3cret-token-and-more"));
        assertEquals(WRONG, BearerToken.check("s3cret-token", "Bearer "));
    }

    @Test
    void withoutAConfiguredTokenNothingIsAccepted() {
        assertEquals(NOT_CONFIGURED, BearerToken.check(null, "Bearer anything"));
        assertEquals(NOT_CONFIGURED, BearerToken.check(null, null));
    }

    @Test
    void aNamedTokenIsAcceptedUnderItsName() {
        java.util.Map<String, String> tokens = new java.util.LinkedHashMap<>();
        tokens.put("alice", "alice-token-1");
        tokens.put("deploy-bot", "bot-token-22");
        assertEquals("deploy-bot", BearerToken.checkNamed(tokens, "Bearer bot-token-22").name());
        assertEquals("alice", BearerToken.checkNamed(tokens, "bearer alice-token-1").name());
        assertEquals(BearerToken.Verdict.WRONG, BearerToken.checkNamed(tokens, "Bearer nobody-token").verdict());
        assertEquals(BearerToken.Verdict.NOT_CONFIGURED, BearerToken.checkNamed(java.util.Map.of(), "Bearer x").verdict());
    }
}
