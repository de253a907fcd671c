package dev.pancake.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import dev.pancake.FeatureDisabledException;
import dev.pancake.junit.OverrideFlag;
import dev.pancake.junit.OverrideSample;
import dev.pancake.junit.OverrideSwitch;
import dev.pancake.junit.PancakeFlags;
import dev.pancake.junit.PancakeTest;

/**
 * Both sides of every gated method of the demo's Shop, with the demo's real pancake.yml (its
 * defaults and fallbacks) on the in-memory store, as an application's own tests would be written.
 */
@PancakeTest
class ShopTest {

    private final Shop shop = new Shop();

    private static <T> T as(String user, Supplier<T> call) {
        RequestContext.CURRENT_USER.set(new RequestContext.User(user));
        try {
            return call.get();
        } finally {
            RequestContext.CURRENT_USER.remove();
        }
    }

    @Test
    void checkoutIsTheLegacyOneByDefault() {
        assertEquals(shop.legacyCheckout(), shop.checkout());
    }

    @Test
    @OverrideSwitch(name = "NEW_CHECKOUT", active = true)
    void checkoutIsTheNewOneWhileItsSwitchIsOn() {
        assertTrue(shop.checkout().startsWith("New checkout"));
    }

    @Test
    void theBannerIsOnByDefault() {
        assertTrue(shop.banner().orElseThrow().startsWith("Pancake Tuesday"));
    }

    @Test
    @OverrideSwitch(name = "BANNER", active = false)
    void noBannerWhileItsSwitchIsOff() {
        assertEquals(Optional.empty(), shop.banner());
    }

    @Test
    void searchIsClassicByDefault() {
        assertEquals(shop.classicSearch("syrup"), as("42", () -> shop.search("syrup")));
        assertEquals(shop.classicSearch("syrup"), shop.search("syrup"));
    }

    @Test
    @OverrideFlag(name = "BETA_SEARCH", group = "user", id = "42", active = true)
    void betaSearchForOneUser() {
        assertTrue(as("42", () -> shop.search("syrup")).startsWith("Beta search"));
        assertEquals(shop.classicSearch("syrup"), as("7", () -> shop.search("syrup")));
        assertEquals(shop.classicSearch("syrup"), shop.search("syrup")); // no user: the global state
    }

    @Test
    @OverrideFlag(name = "BETA_SEARCH", active = true)
    @OverrideFlag(name = "BETA_SEARCH", group = "user", id = "42", active = false)
    void aUsersOverrideBeatsTheGlobalState() {
        assertTrue(as("7", () -> shop.search("syrup")).startsWith("Beta search"));
        assertEquals(shop.classicSearch("syrup"), as("42", () -> shop.search("syrup")));
    }

    @Test
    void giftCardsThrowUntilLaunched() {
        FeatureDisabledException e = assertThrows(FeatureDisabledException.class, shop::giftCards);
        assertEquals("GIFT_CARDS", e.flagName());
    }

    @Test
    @OverrideSwitch(name = "GIFT_CARDS", active = true)
    void giftCardsOnceLaunched(PancakeFlags flags) {
        assertTrue(shop.giftCards().startsWith("Gift cards"));
        assertEquals(1, flags.bodyRuns("GIFT_CARDS"));
        assertEquals(0, flags.fallbackRuns("GIFT_CARDS"));
    }

    @Nested
    class Recommendations {

        /** Of the users 1 to 40, those who get recommendations. */
        private List<Integer> usersWithRecommendations() {
            List<Integer> users = new ArrayList<>();
            for (int user = 1; user <= 40; user++) {
                if (!as(Integer.toString(user), shop::recommendations).isEmpty()) {
                    users.add(user);
                }
            }
            return users;
        }

        @Test
        @OverrideSample(name = "RECOMMENDATIONS", percent = 0)
        void nobodyAtZeroPercent(PancakeFlags flags) {
            assertEquals(List.of(), usersWithRecommendations());
            assertEquals(40, flags.fallbackRuns("RECOMMENDATIONS"));
        }

        @Test
        @OverrideSample(name = "RECOMMENDATIONS", percent = 100)
        void everyoneAtOneHundredPercent() {
            assertEquals(40, usersWithRecommendations().size());
        }

        @Test
        void raisingThePercentageOnlyAddsUsers(PancakeFlags flags) {
            flags.setSample("RECOMMENDATIONS", 30);
            List<Integer> at30 = usersWithRecommendations();
            assertEquals(at30, usersWithRecommendations(), "sticky: every user keeps their answer");
            flags.setSample("RECOMMENDATIONS", 60);
            List<Integer> at60 = usersWithRecommendations();
            assertTrue(at60.containsAll(at30) && at60.size() > at30.size() && at60.size() < 40,
                    "raising the percentage only adds users: " + at30 + " then " + at60);
        }
    }
}
