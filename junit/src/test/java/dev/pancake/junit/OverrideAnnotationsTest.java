package dev.pancake.junit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.pancake.FeatureDisabledException;
import dev.pancake.junit.fixture.Caller;
import dev.pancake.junit.fixture.Shop;

/** Each override annotation on a test method, against pancake.yml's real fallbacks. */
@PancakeTest
class OverrideAnnotationsTest {

    private final Shop shop = new Shop();

    @Test
    void withoutOverridesEveryFlagHasItsDefault() {
        assertEquals("legacy", shop.checkout());
        assertEquals("gift cards", shop.giftCards());
        assertEquals("classic", Caller.as("42", shop::search));
        assertEquals(List.of(), shop.recommendations());
    }

    @Test
    @OverrideSwitch(name = "NEW_CHECKOUT", active = true)
    void aSwitchTurnedOnRunsTheBody() {
        assertEquals("new", shop.checkout());
    }

    @Test
    @OverrideSwitch(name = "GIFT_CARDS", active = false)
    void aSwitchTurnedOffRunsItsFallback() {
        FeatureDisabledException e = assertThrows(FeatureDisabledException.class, shop::giftCards);
        assertEquals("GIFT_CARDS", e.flagName());
    }

    @Test
    @OverrideSwitch(name = "new_checkout", active = true)
    void namesAreCaseInsensitive() {
        assertEquals("new", shop.checkout());
    }

    @Test
    @OverrideFlag(name = "BETA_SEARCH", active = true)
    void aFlagTurnedOnGloballyIsOnForEveryone() {
        assertEquals("beta", Caller.as("42", shop::search));
        assertEquals("beta", shop.search());
    }

    @Test
    @OverrideFlag(name = "BETA_SEARCH", group = "user", id = "42", active = true)
    void aFlagTurnedOnForOneUserIsOnForThatUserOnly() {
        assertEquals("beta", Caller.as("42", shop::search));
        assertEquals("classic", Caller.as("7", shop::search));
        assertEquals("classic", shop.search());
    }

    @Test
    @OverrideFlag(name = "BETA_SEARCH", active = true)
    @OverrideFlag(name = "BETA_SEARCH", group = "user", id = "7", active = false)
    void aMembersOverrideBeatsTheGlobalState() {
        assertEquals("beta", Caller.as("42", shop::search));
        assertEquals("classic", Caller.as("7", shop::search));
    }

    @Test
    @OverrideSample(name = "RECOMMENDATIONS", percent = 100)
    void aSampleAtOneHundredIsAlwaysActive() {
        for (int i = 0; i < 20; i++) {
            assertEquals(List.of("syrup"), shop.recommendations());
        }
    }

    @Test
    @OverrideSwitch(name = "NEW_CHECKOUT", active = true)
    @OverrideSwitch(name = "GIFT_CARDS", active = false)
    @OverrideSample(name = "RECOMMENDATIONS", percent = 100)
    void overridesOfSeveralFlagsCombine() {
        assertEquals("new", shop.checkout());
        assertThrows(FeatureDisabledException.class, shop::giftCards);
        assertEquals(List.of("syrup"), shop.recommendations());
    }

    @Test
    @NewCheckout
    void overridesWorkAsMetaAnnotations() {
        assertEquals("new", shop.checkout());
    }

    /** A team's own shorthand. */
    @java.lang.annotation.Retention(java.lang.annotation.RetentionPolicy.RUNTIME)
    @OverrideSwitch(name = "NEW_CHECKOUT", active = true)
    @interface NewCheckout {}
}
