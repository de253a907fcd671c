package dev.pancake.junit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

import dev.pancake.junit.fixture.Shop;

/** An override annotation alone registers the extension, without @PancakeTest on the class. */
class WithoutPancakeTestTest {

    @Test
    @OverrideSwitch(name = "NEW_CHECKOUT", active = true)
    void anOverrideOnAMethodIsEnough(PancakeFlags flags) {
        assertEquals("new", new Shop().checkout());
        assertEquals(1, flags.bodyRuns("NEW_CHECKOUT"));
    }

    @Test
    @OverrideSwitch(name = "NEW_CHECKOUT", active = true)
    @OverrideSwitch(name = "GIFT_CARDS", active = true)
    void soAreSeveral() {
        assertEquals("new", new Shop().checkout());
    }
}
