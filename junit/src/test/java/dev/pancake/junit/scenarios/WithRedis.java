package dev.pancake.junit.scenarios;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.util.List;

import javax.management.ObjectName;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import dev.pancake.junit.OverrideFlag;
import dev.pancake.junit.OverrideSample;
import dev.pancake.junit.OverrideSwitch;
import dev.pancake.junit.PancakeFlags;
import dev.pancake.junit.PancakeTest;
import dev.pancake.junit.fixture.Caller;
import dev.pancake.junit.fixture.Shop;

/**
 * Tests that ask for a real Redis, as a user writes them; a nested class that does not. Run by
 * RedisTestsIT in a test JVM of its own, beside in-memory test classes, and checked there on the
 * Redis side. Each test also says where the agent keeps flags, so that the IT sees both stores used.
 */
@PancakeTest(redis = true)
public class WithRedis {

    private final Shop shop = new Shop();

    @Test
    void withoutOverridesEveryFlagHasItsDefault() throws Exception {
        assertInRedis();
        assertEquals("legacy", shop.checkout());
        assertEquals("classic", Caller.as("42", shop::search));
        assertEquals(List.of(), shop.recommendations());
    }

    @Test
    @OverrideSwitch(name = "NEW_CHECKOUT", active = true)
    @OverrideFlag(name = "BETA_SEARCH", group = "user", id = "42", active = true)
    @OverrideSample(name = "RECOMMENDATIONS", percent = 100)
    void overridesAreWrittenToTheTestRedis() throws Exception {
        assertInRedis();
        assertEquals("new", shop.checkout());
        assertEquals("beta", Caller.as("42", shop::search));
        assertEquals("classic", Caller.as("7", shop::search));
        assertEquals(List.of("syrup"), shop.recommendations());
    }

    @Test
    void changesInCodeToo(PancakeFlags flags) throws Exception {
        assertInRedis();
        flags.enableSwitch("NEW_CHECKOUT");
        flags.enableFlag("BETA_SEARCH", "tenant", "acme");
        assertEquals("new", shop.checkout());
        Caller.TENANT.set("acme");
        try {
            assertEquals("beta", shop.search());
        } finally {
            Caller.TENANT.remove();
        }
        assertEquals(1, flags.bodyRuns("BETA_SEARCH"));
    }

    @Nested
    @PancakeTest
    class InMemory {

        @Test
        @OverrideSwitch(name = "NEW_CHECKOUT", active = true)
        void theNearestPancakeTestDecides() throws Exception {
            assertTrue(store().startsWith("in-memory"), store());
            System.out.println("[scenario] store: " + store());
            assertEquals("new", shop.checkout());
        }
    }

    private static void assertInRedis() throws Exception {
        String store = store();
        assertTrue(store.startsWith("Redis redis://") && store.contains(", namespace pancake-test-"), store);
        System.out.println("[scenario] store: " + store);
    }

    private static String store() throws Exception {
        String store = (String) ManagementFactory.getPlatformMBeanServer().getAttribute(
                new ObjectName("dev.pancake:type=Pancake"), "Store");
        String namespace = (String) ManagementFactory.getPlatformMBeanServer().getAttribute(
                new ObjectName("dev.pancake:type=Pancake"), "Namespace");
        return store.startsWith("Redis") ? store + ", namespace " + namespace : store;
    }
}
