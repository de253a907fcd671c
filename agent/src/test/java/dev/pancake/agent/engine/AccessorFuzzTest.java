package dev.pancake.agent.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.pancake.agent.config.AccessorSpec;
import dev.pancake.agent.config.ConfigException;
import dev.pancake.agent.config.ConfigParser;

/**
 * Property: any accessor text is either refused by the parser (with a line) or resolves and reads
 * to a value, a clear "no such member" (ReflectiveOperationException) or "no such property"
 * ({@link Accessor.Unreadable}); never an unchecked exception, and never a call of a method that
 * is not a getter. Seeded, so a failure is reproducible; the failing input is printed.
 */
class AccessorFuzzTest {

    private static final long SEED = 0x5eedL;
    private static final String CTX = TestContext.class.getName();
    private static final String LIMITS = AccessorLimitsTest.class.getName();
    private static final String[] VALID = {
        CTX + "#CURRENT.id", CTX + "#CURRENT.account.region", CTX + "#CURRENT.account.number", CTX + "#tenant()",
        CTX + "#maybeUser().id", CTX + "#USER", LIMITS + "#TARGET.name", LIMITS + "#PAIR.left", LIMITS + "#TYPE",
    };
    private static final String[] TOKENS = {
        ".", "#", "()", "(", ")", "(0)", "$", "_", "class", "getClass", "classLoader", "toString", "hashCode",
        "shutdown", "ready", "both", "describe", "exit", "halt", "java.lang.System", "java.lang.Runtime", "[0]", " ",
        "\n", "é", "\u0000", "id", "account", "name", "module", "parent", ";", "-", "::", "..", "#CURRENT",
    };

    @AfterEach
    void noSideEffects() {
        assertEquals(0, AccessorLimitsTest.Target.sideEffects, "a method that is not a getter was called");
    }

    @Test
    void randomAccessorsAreRefusedOrReadCleanly() throws Exception {
        Random random = new Random(SEED);
        TestContext.CURRENT.set(new TestContext.User("u1", new TestContext.Account("eu", 42L)));
        TestContext.USER.set("u1");
        int[] outcomes = new int[4];
        try {
            for (int i = 0; i < 4_000; i++) {
                String text = VALID[random.nextInt(VALID.length)];
                int edits = random.nextInt(4);
                for (int e = 0; e < edits; e++) {
                    int at = random.nextInt(text.length() + 1);
                    int cut = Math.min(text.length(), at + random.nextInt(3));
                    text = text.substring(0, at) + (random.nextBoolean() ? TOKENS[random.nextInt(TOKENS.length)] : "")
                            + text.substring(cut);
                }
                outcomes[check(text)]++;
            }
        } finally {
            TestContext.clear();
        }
        // the property holds whatever the mix; this only shows that every outcome was explored
        for (int n : outcomes) {
            assertTrue(n > 0, java.util.Arrays.toString(outcomes));
        }
    }

    /** 0: refused by the parser, 1: cannot be resolved, 2: no such property, 3: read. */
    private static int check(String text) throws Exception {
        StringBuilder quoted = new StringBuilder();
        for (char c : text.toCharArray()) {
            quoted.append(c == '"' || c == '\\' ? "\\" + c : c < 0x20 ? String.format("\\u%04x", (int) c) : c);
        }
        String yaml = "groups:\n  g: \"" + quoted + "\"\n";
        try {
            assertNotNull(ConfigParser.parse(yaml, "pancake.yml", k -> null).group("g"), text);
        } catch (ConfigException e) {
            assertTrue(e.getMessage().startsWith("pancake.yml:2:6: groups.g: "), e.getMessage());
            return 0;
        } catch (RuntimeException e) {
            throw new AssertionError("unchecked " + e + " parsing " + text, e);
        }
        AccessorSpec spec = ConfigParser.accessor(text);
        Accessor accessor;
        try {
            accessor = Accessor.resolve(spec, AccessorFuzzTest.class.getClassLoader());
        } catch (ReflectiveOperationException | LinkageError e) {
            assertTrue(e.getMessage() != null && !e.getMessage().isBlank(), text);
            return 1;
        } catch (RuntimeException e) {
            throw new AssertionError("unchecked " + e + " resolving " + text, e);
        }
        try {
            accessor.read();
            return 3;
        } catch (Accessor.Unreadable e) {
            assertTrue(e.getMessage().contains(" "), e.getMessage());
            return 2;
        } catch (Throwable t) {
            throw new AssertionError(t + " reading " + text, t);
        }
    }
}
