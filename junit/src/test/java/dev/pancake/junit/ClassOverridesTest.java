package dev.pancake.junit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import dev.pancake.junit.fixture.Shop;

/** Overrides on classes apply to every test, nested classes included; the nearest one wins. */
@PancakeTest
@OverrideSwitch(name = "NEW_CHECKOUT", active = true)
@OverrideSample(name = "RECOMMENDATIONS", percent = 100)
class ClassOverridesTest {

    private final Shop shop = new Shop();

    @Test
    void theClassOverridesApply() {
        assertEquals("new", shop.checkout());
        assertEquals(List.of("syrup"), shop.recommendations());
    }

    @Test
    @OverrideSwitch(name = "NEW_CHECKOUT", active = false)
    void theMethodsOverrideWins() {
        assertEquals("legacy", shop.checkout());
        assertEquals(List.of("syrup"), shop.recommendations());
    }

    @Nested
    class Nested1 {
        @Test
        void theOuterClassOverridesApply() {
            assertEquals("new", shop.checkout());
        }
    }

    @Nested
    @OverrideSwitch(name = "NEW_CHECKOUT", active = false)
    class WithItsOwnOverride {
        @Test
        void theInnerClassWins() {
            assertEquals("legacy", shop.checkout());
            assertEquals(List.of("syrup"), shop.recommendations());
        }

        @Test
        @OverrideSwitch(name = "NEW_CHECKOUT", active = true)
        void theMethodWinsOverBoth() {
            assertEquals("new", shop.checkout());
        }
    }
}
