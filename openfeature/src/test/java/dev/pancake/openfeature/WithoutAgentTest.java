package dev.pancake.openfeature;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.openfeature.sdk.Client;
import dev.openfeature.sdk.ErrorCode;
import dev.openfeature.sdk.FlagEvaluationDetails;
import dev.openfeature.sdk.ImmutableContext;
import dev.openfeature.sdk.OpenFeatureAPI;
import dev.openfeature.sdk.ProviderState;
import dev.openfeature.sdk.Value;
import dev.openfeature.sdk.exceptions.OpenFeatureError;

/**
 * This test JVM has no agent: the provider says so when it is registered, and every evaluation
 * answers the caller's default with an error instead of throwing.
 */
class WithoutAgentTest {

    private static final String DOMAIN = "without-agent";
    private static final String HINT = "the Pancake agent is not attached to this JVM: start it with"
            + " -javaagent:pancake-agent.jar (Pancake's OpenFeature provider answers from the agent's flags)";
    private static OpenFeatureError registration;

    @BeforeAll
    static void register() {
        registration = assertThrows(OpenFeatureError.class,
                () -> OpenFeatureAPI.getInstance().setProviderAndWait(DOMAIN, new PancakeProvider()));
    }

    @AfterAll
    static void shutdown() {
        OpenFeatureAPI.getInstance().shutdown();
    }

    private static Client client() {
        return OpenFeatureAPI.getInstance().getClient(DOMAIN);
    }

    @Test
    void registeringTheProviderFailsWithAMessageThatSaysWhatToAdd() {
        assertEquals(HINT, registration.getMessage());
        assertEquals(ErrorCode.GENERAL, registration.getErrorCode());
        assertEquals(ProviderState.ERROR, client().getProviderState());
    }

    @Test
    void evaluationsAnswerTheDefaultWithProviderNotReady() {
        FlagEvaluationDetails<Boolean> d = client().getBooleanDetails("NEW_CHECKOUT", true, new ImmutableContext("42"));
        assertEquals(true, d.getValue());
        assertEquals(ErrorCode.PROVIDER_NOT_READY, d.getErrorCode());
        assertEquals(HINT, d.getErrorMessage());
        assertEquals("ERROR", d.getReason());
        assertEquals(false, client().getBooleanValue("NEW_CHECKOUT", false));
    }

    @Test
    void otherTypesToo() {
        assertEquals(ErrorCode.PROVIDER_NOT_READY, client().getStringDetails("NEW_CHECKOUT", "x").getErrorCode());
        assertEquals(7, client().getIntegerValue("NEW_CHECKOUT", 7));
        assertEquals(ErrorCode.PROVIDER_NOT_READY, client().getDoubleDetails("NEW_CHECKOUT", 1.5).getErrorCode());
        assertEquals(ErrorCode.PROVIDER_NOT_READY, client().getObjectDetails("NEW_CHECKOUT", new Value("v")).getErrorCode());
    }

    @Test
    void theProviderAloneNeverThrowsEither() {
        PancakeProvider provider = new PancakeProvider("tenant");
        assertEquals(ErrorCode.PROVIDER_NOT_READY,
                provider.getBooleanEvaluation("NEW_CHECKOUT", false, new ImmutableContext()).getErrorCode());
        assertEquals(HINT, assertThrows(OpenFeatureError.class, () -> provider.initialize(new ImmutableContext())).getMessage());
        provider.shutdown();
    }

    @Test
    void anAgentWithoutTheProvidersEntryPointsIsCalledTooOldNotMissing() {
        // what an agent sets first thing; here no bridge of this version is on the bootstrap class path
        System.setProperty("pancake.agent.version", "0.0.1");
        try {
            PancakeProvider provider = new PancakeProvider();
            String tooOld = "the Pancake agent attached to this JVM (version 0.0.1) is older than this provider: use the"
                    + " pancake-agent.jar of the same version as pancake-openfeature";
            assertEquals(tooOld, provider.getBooleanEvaluation("NEW_CHECKOUT", false, new ImmutableContext()).getErrorMessage());
            assertEquals(tooOld, assertThrows(OpenFeatureError.class, () -> provider.initialize(new ImmutableContext())).getMessage());
        } finally {
            System.clearProperty("pancake.agent.version");
        }
    }

    @Test
    void aBlankTargetingGroupIsRefusedAtOnce() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new PancakeProvider(" "));
        assertEquals("PancakeProvider: the targeting key's group must be a group name of pancake.yml, such as \"user\";"
                + " got \" \"", e.getMessage());
    }
}
