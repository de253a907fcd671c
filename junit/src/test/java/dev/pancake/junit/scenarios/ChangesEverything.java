package dev.pancake.junit.scenarios;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.pancake.Flag;
import dev.pancake.Sample;
import dev.pancake.Switch;
import dev.pancake.junit.OverrideFlag;
import dev.pancake.junit.OverrideSample;
import dev.pancake.junit.OverrideSwitch;
import dev.pancake.junit.PancakeFlags;
import dev.pancake.junit.PancakeTest;
import dev.pancake.junit.fixture.Caller;
import dev.pancake.junit.fixture.Shop;

/**
 * Each test first checks that every flag has its default, then changes every flag every way
 * there is. Whatever order they run in, every test but the first follows one that changed
 * everything. Run by ResetTest.
 */
@PancakeTest
@OverrideSwitch(name = "GIFT_CARDS", active = false)
public class ChangesEverything {

    private final Shop shop = new Shop();

    public static void assertDefaults(Shop shop) {
        assertEquals("legacy", shop.checkout());
        assertEquals("gift cards", shop.giftCards());
        assertEquals("classic", shop.search());
        assertEquals("classic", Caller.as("42", shop::search));
        assertEquals("classic", Caller.as("7", shop::search));
        assertEquals(List.of(), shop.recommendations());
    }

    private void assertDefaultsButTheClassOverride() {
        assertEquals("legacy", shop.checkout());
        assertEquals("classic", Caller.as("42", shop::search));
        assertEquals("classic", Caller.as("7", shop::search));
        assertEquals(List.of(), shop.recommendations());
    }

    @Test
    @OverrideSwitch(name = "NEW_CHECKOUT", active = true)
    @OverrideFlag(name = "BETA_SEARCH", group = "user", id = "42", active = true)
    void byAnnotations() {
        assertEquals("classic", shop.search());
        assertEquals("classic", Caller.as("7", shop::search));
        assertEquals(List.of(), shop.recommendations());
        assertEquals("new", shop.checkout());
        assertEquals("beta", Caller.as("42", shop::search));
    }

    @Test
    void byPancakeFlags(PancakeFlags flags) {
        assertDefaultsButTheClassOverride();
        flags.enableSwitch("NEW_CHECKOUT");
        flags.enableFlag("BETA_SEARCH");
        flags.enableFlag("BETA_SEARCH", "user", "7");
        flags.enableFlag("BETA_SEARCH", "tenant", "acme");
        flags.setSample("RECOMMENDATIONS", 100);
        assertEquals("new", shop.checkout());
    }

    @Test
    void byTheCodeUnderTest() {
        assertDefaultsButTheClassOverride();
        Switch.of("NEW_CHECKOUT").enable();
        Flag.of("BETA_SEARCH").enableUser("42");
        Flag.of("BETA_SEARCH").disable();
        Sample.of("RECOMMENDATIONS").set(100);
        assertEquals("new", shop.checkout());
    }

    @Test
    @OverrideSample(name = "RECOMMENDATIONS", percent = 100)
    void byAnnotationsAndPancakeFlags(PancakeFlags flags) {
        assertEquals("legacy", shop.checkout());
        assertEquals("classic", Caller.as("42", shop::search));
        assertEquals("classic", Caller.as("7", shop::search));
        flags.disableFlag("BETA_SEARCH", "user", "42");
        flags.enableSwitch("NEW_CHECKOUT");
        assertEquals(List.of("syrup"), shop.recommendations());
    }
}
