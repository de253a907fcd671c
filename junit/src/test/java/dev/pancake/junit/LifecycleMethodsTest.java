package dev.pancake.junit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.pancake.junit.fixture.Shop;

/** @BeforeEach and @AfterEach methods get the test's own PancakeFlags, and see its overrides. */
@PancakeTest
@OverrideSample(name = "RECOMMENDATIONS", percent = 100)
class LifecycleMethodsTest {

    private final Shop shop = new Shop();
    private String seenBefore;

    @BeforeEach
    void before(PancakeFlags flags) {
        assertEquals(1, shop.recommendations().size()); // the class's override is in force already
        flags.enableSwitch("NEW_CHECKOUT");
        seenBefore = shop.checkout();
    }

    @Test
    void theTestSeesWhatBeforeEachChangedAndCounted(PancakeFlags flags) {
        assertEquals("new", seenBefore);
        assertEquals("new", shop.checkout());
        assertEquals(2, flags.bodyRuns("NEW_CHECKOUT"));
    }

    @AfterEach
    void after(PancakeFlags flags) {
        assertEquals(2, flags.bodyRuns("NEW_CHECKOUT")); // before the extension undoes the changes
        assertEquals("new", shop.checkout());
    }
}
