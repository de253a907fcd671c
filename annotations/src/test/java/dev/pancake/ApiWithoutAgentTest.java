package dev.pancake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Without the agent, reads give the type's default and writes say that the agent is missing. */
class ApiWithoutAgentTest {

    private static void notAttached(String what, Executable write) {
        IllegalStateException e = assertThrows(IllegalStateException.class, write);
        assertEquals("pancake: cannot " + what + ": the Pancake agent is not attached (start the JVM with"
                + " -javaagent:pancake-agent.jar)", e.getMessage());
    }

    @Test
    void readsAreInactive() {
        assertFalse(Switch.of("NEW_CHECKOUT").isActive());
        assertFalse(Flag.of("BETA").isActive());
        assertFalse(Flag.of("BETA").isActiveGlobally());
        assertFalse(Sample.of("RECOMMENDATIONS").isActive());
    }

    @Test
    void everyWriteThrowsSayingTheAgentIsNotAttached() {
        Switch s = Switch.of("new_checkout");
        notAttached("enable switch NEW_CHECKOUT", s::enable);
        notAttached("disable switch NEW_CHECKOUT", s::disable);
        notAttached("clear switch NEW_CHECKOUT", s::clear);
        Flag f = Flag.of("beta");
        notAttached("enable flag BETA", f::enable);
        notAttached("disable flag BETA", f::disable);
        notAttached("clear flag BETA", f::clear);
        notAttached("enable-group flag BETA", () -> f.enableGroup("tenant", "acme"));
        notAttached("disable-group flag BETA", () -> f.disableGroup("tenant", "acme"));
        notAttached("clear-group flag BETA", () -> f.clearGroup("tenant", "acme"));
        notAttached("clear-all-group flag BETA", () -> f.clearAllGroup("tenant"));
        notAttached("enable-group flag BETA", () -> f.enableUser(42));
        notAttached("disable-group flag BETA", () -> f.disableUser(42));
        notAttached("clear-group flag BETA", () -> f.clearUser(42));
        notAttached("clear-all-group flag BETA", f::clearAllUsers);
        Sample p = Sample.of("Recommendations");
        notAttached("set sample RECOMMENDATIONS", () -> p.set(42.5));
        notAttached("clear sample RECOMMENDATIONS", p::clear);
    }

    @Test
    void namesAreUpperCase() {
        assertEquals(List.of("NEW_CHECKOUT", "BETA", "RECOMMENDATIONS"),
                List.of(Switch.of("new_checkout").name(), Flag.of("Beta").name(), Sample.of("recommendations").name()));
        assertEquals("Switch(NEW_CHECKOUT)", Switch.of("new_checkout").toString());
    }

    @Test
    void badArgumentsAreRefusedBeforeAnythingElse() {
        assertEquals("pancake: a flag name must not be empty",
                assertThrows(IllegalArgumentException.class, () -> Switch.of(" ")).getMessage());
        assertThrows(IllegalArgumentException.class, () -> Flag.of(null));
        assertEquals("pancake: sample S: percent must be in 0..100, got 100.5",
                assertThrows(IllegalArgumentException.class, () -> Sample.of("s").set(100.5)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> Sample.of("s").set(-1));
        assertThrows(IllegalArgumentException.class, () -> Sample.of("s").set(Double.NaN));
        assertEquals("pancake: a group member id must not be null",
                assertThrows(IllegalArgumentException.class, () -> Flag.of("f").enableUser(null)).getMessage());
        assertEquals("pancake: a group name must not be empty",
                assertThrows(IllegalArgumentException.class, () -> Flag.of("f").enableGroup("", "x")).getMessage());
    }

    @Test
    void featureDisabledExceptionNamesItsFlag() {
        FeatureDisabledException e = new FeatureDisabledException("BETA");
        assertEquals("BETA", e.flagName());
        assertEquals("feature BETA is disabled", e.getMessage());
    }
}
