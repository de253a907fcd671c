package dev.pancake.junit.scenarios;

import org.junit.jupiter.api.Test;

import dev.pancake.junit.OverrideFlag;
import dev.pancake.junit.OverrideSample;
import dev.pancake.junit.OverrideSwitch;
import dev.pancake.junit.PancakeTest;

/** Tests that use the annotations wrongly, one mistake each. Run by MistakesTest. */
public final class Mistakes {

    private Mistakes() {}

    @PancakeTest
    public static class UndeclaredSwitch {
        @Test
        @OverrideSwitch(name = "NEW_CHEKOUT", active = true)
        void test() {
        }
    }

    @PancakeTest
    public static class SwitchThatIsAFlag {
        @Test
        @OverrideSwitch(name = "BETA_SEARCH", active = true)
        void test() {
        }
    }

    @PancakeTest
    public static class PercentOutOfRange {
        @Test
        @OverrideSample(name = "RECOMMENDATIONS", percent = 150)
        void test() {
        }
    }

    @PancakeTest
    public static class UnknownGroup {
        @Test
        @OverrideFlag(name = "BETA_SEARCH", group = "plan", id = "gold", active = true)
        void test() {
        }
    }

    @PancakeTest
    public static class GroupWithoutId {
        @Test
        @OverrideFlag(name = "BETA_SEARCH", group = "user", active = true)
        void test() {
        }
    }

    @PancakeTest(config = "no/such/pancake.yml")
    public static class MissingConfig {
        @Test
        void test() {
        }
    }

    @PancakeTest(config = "../other/pancake.yml")
    public static class AnotherConfig {
        @Test
        void test() {
        }
    }

    /** A valid override after a bad one on the same class: nothing of the test may stay behind. */
    @PancakeTest
    @OverrideSwitch(name = "NEW_CHECKOUT", active = true)
    public static class BadAfterGood {
        @Test
        @OverrideSwitch(name = "NOT_THERE", active = true)
        void test() {
        }
    }
}
