package dev.pancake.junit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.pancake.Switch;
import dev.pancake.junit.fixture.Caller;
import dev.pancake.junit.fixture.Shop;

/** Changing flags inside a test with PancakeFlags, and asserting what they did. */
@PancakeTest
class PancakeFlagsTest {

    private final Shop shop = new Shop();

    @Test
    void switchesEnableDisableAndClear(PancakeFlags flags) {
        flags.enableSwitch("NEW_CHECKOUT");
        assertEquals("new", shop.checkout());
        flags.disableSwitch("NEW_CHECKOUT");
        assertEquals("legacy", shop.checkout());
        flags.enableSwitch("NEW_CHECKOUT");
        flags.clearSwitch("NEW_CHECKOUT");
        assertEquals("legacy", shop.checkout()); // the default
    }

    @Test
    void flagsPerGroupMember(PancakeFlags flags) {
        flags.enableFlag("BETA_SEARCH", "user", 42);
        assertEquals("beta", Caller.as("42", shop::search));
        assertEquals("classic", Caller.as("7", shop::search));
        flags.disableFlag("BETA_SEARCH", "user", 42);
        flags.enableFlag("BETA_SEARCH");
        assertEquals("classic", Caller.as("42", shop::search));
        assertEquals("beta", Caller.as("7", shop::search));
        flags.clearFlag("BETA_SEARCH", "user", 42);
        assertEquals("beta", Caller.as("42", shop::search));
        flags.disableFlag("BETA_SEARCH");
        assertEquals("classic", Caller.as("42", shop::search));
        flags.clearFlag("BETA_SEARCH");
        assertEquals("classic", shop.search());
    }

    @Test
    void samples(PancakeFlags flags) {
        flags.setSample("RECOMMENDATIONS", 100);
        assertEquals(List.of("syrup"), shop.recommendations());
        flags.setSample("RECOMMENDATIONS", 0);
        assertEquals(List.of(), shop.recommendations());
        flags.setSample("RECOMMENDATIONS", 100);
        flags.clearSample("RECOMMENDATIONS");
        assertEquals(List.of(), shop.recommendations());
    }

    @Test
    void countsSayWhetherTheBodyOrTheFallbackRan(PancakeFlags flags) {
        assertEquals(0, flags.evaluations("NEW_CHECKOUT"));
        shop.checkout();
        shop.checkout();
        flags.enableSwitch("NEW_CHECKOUT");
        shop.checkout();
        assertEquals(3, flags.evaluations("NEW_CHECKOUT"));
        assertEquals(1, flags.bodyRuns("NEW_CHECKOUT"));
        assertEquals(2, flags.fallbackRuns("new_checkout"));
        assertEquals(0, flags.evaluations("GIFT_CARDS"));
    }

    @Test
    @OverrideSwitch(name = "NEW_CHECKOUT", active = true)
    void countsStartWithTheTest(PancakeFlags flags) {
        shop.checkout();
        assertEquals(1, flags.bodyRuns("NEW_CHECKOUT"));
        assertEquals(0, flags.fallbackRuns("NEW_CHECKOUT"));
    }

    @Test
    void theProgrammaticApiSeesTheSameFlags(PancakeFlags flags) {
        Switch newCheckout = Switch.of("NEW_CHECKOUT");
        flags.enableSwitch("NEW_CHECKOUT");
        assertTrue(newCheckout.isActive());
        assertEquals(1, flags.evaluations("NEW_CHECKOUT"));
    }

    @Test
    void mistakesAreRefusedWithTheReason(PancakeFlags flags) {
        String undeclared = assertThrows(IllegalArgumentException.class, () -> flags.enableSwitch("NEW_CHEKOUT"))
                .getMessage();
        assertTrue(undeclared.contains("switch NEW_CHEKOUT is not declared in pancake.yml"), undeclared);
        String mistyped = assertThrows(IllegalArgumentException.class, () -> flags.enableSwitch("BETA_SEARCH"))
                .getMessage();
        assertTrue(mistyped.contains("BETA_SEARCH is declared as a flag"), mistyped);
        String group = assertThrows(IllegalArgumentException.class, () -> flags.enableFlag("BETA_SEARCH", "plan", 1))
                .getMessage();
        assertTrue(group.contains("unknown group plan"), group);
        String percent = assertThrows(IllegalArgumentException.class, () -> flags.setSample("RECOMMENDATIONS", 101))
                .getMessage();
        assertEquals("PancakeFlags.setSample(\"RECOMMENDATIONS\", 101.0): percent must be between 0 and 100", percent);
        String counted = assertThrows(IllegalArgumentException.class, () -> flags.evaluations("NOPE")).getMessage();
        assertTrue(counted.startsWith("PancakeFlags.evaluations(\"NOPE\"): no flag NOPE is declared in"), counted);
    }
}
