package dev.pancake.agent.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.pancake.agent.config.AccessorSpec;
import dev.pancake.agent.config.ConfigException;
import dev.pancake.agent.config.ConfigParser;

/**
 * An accessor reaches only what pancake.yml names: the named static member, then getters, record
 * components and public fields. Nothing else is ever called, not even a no-arg method with a
 * getter-like shape, and reflection ({@code getClass()}, classes, class loaders) is out of reach.
 */
class AccessorLimitsTest {

    /** Counts calls of methods that an accessor must never make. */
    public static final class Target {
        static volatile int sideEffects;

        public String getName() {
            return "target";
        }

        public String shutdown() {
            sideEffects++;
            return "shut down";
        }

        public String isReady() { // not a boolean: not a getter
            sideEffects++;
            return "ready";
        }

        public String describe(String how) {
            sideEffects++;
            return how;
        }

        @Override
        public String toString() {
            sideEffects++;
            return "Target";
        }
    }

    /** A record: its component accessors are getters, its other methods are not. */
    public record Pair(String left, String right) {
        public String both() {
            Target.sideEffects++;
            return left + right;
        }
    }

    /** Roots that an accessor may or may not name; {@code calls} counts calls of those it may not. */
    public static final class Roots extends Thread {
        static volatile int calls;
        public static final String FIELD = "field";
        private static final String HIDDEN = "hidden";
        public static final java.util.function.Supplier<String> INIT;

        static {
            INIT = () -> { // compiled to the private static method lambda$static$0()
                calls++;
                return "init";
            };
        }

        public static String id() {
            return "ok";
        }

        private static String secretId() {
            calls++;
            return HIDDEN;
        }

        static String packageId() {
            calls++;
            return "package";
        }

        public static void nothing() {
            calls++;
        }

        public static String withArgument(String a) {
            calls++;
            return a;
        }
    }

    public static final Target TARGET = new Target();
    public static final Pair PAIR = new Pair("l", "r");
    public static final Class<?> TYPE = Target.class;

    private static final String SELF = AccessorLimitsTest.class.getName();

    @AfterEach
    void noSideEffects() {
        assertEquals(0, Target.sideEffects, "a method that is not a getter was called");
        Target.sideEffects = 0;
    }

    private static Object read(String accessor) throws Throwable {
        AccessorSpec spec = ConfigParser.accessor(accessor);
        return Accessor.resolve(spec, AccessorLimitsTest.class.getClassLoader()).read();
    }

    private static String refusal(String accessor) {
        return assertThrows(Accessor.Unreadable.class, () -> read(accessor)).getMessage();
    }

    @Test
    void gettersRecordComponentsAndPublicFieldsAreRead() throws Throwable {
        assertEquals("target", read(SELF + "#TARGET.name"));
        assertEquals("l", read(SELF + "#PAIR.left"));
        assertEquals("r", read(SELF + "#PAIR.right"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"#TARGET.shutdown", "#TARGET.ready", "#TARGET.toString", "#TARGET.hashCode",
            "#PAIR.both", "#PAIR.hashCode"})
    void otherNoArgMethodsAreNeverCalled(String accessor) {
        String m = refusal(SELF + accessor);
        assertTrue(m.contains("other methods are never called"), m);
    }

    @ParameterizedTest
    @ValueSource(strings = {"#TARGET.getClass", "#TARGET.class", "#PAIR.class"})
    void getClassIsNeverCalled(String accessor) {
        String m = refusal(SELF + accessor);
        assertTrue(m.startsWith("no property "), m);
    }

    @ParameterizedTest
    @ValueSource(strings = {"#TYPE.classLoader", "#TYPE.name", "#TYPE.module", "#TARGET.name.class"})
    void classesAndClassLoadersAreOutOfReach(String accessor) {
        String m = refusal(SELF + accessor);
        assertTrue(m.contains("accessors do not reflect on classes") || m.startsWith("no property class"), m);
    }

    @Test
    void aStaticMethodMustTakeNoArgumentsAndReturnSomething() {
        String roots = Roots.class.getName();
        assertTrue(assertThrows(NoSuchMethodException.class, () -> read(roots + "#withArgument()")).getMessage()
                .contains("no static no-arg method withArgument() in " + roots));
        assertTrue(assertThrows(NoSuchMethodException.class, () -> read(roots + "#nothing()")).getMessage()
                .contains("returns nothing"));
        assertEquals(0, Roots.calls);
    }

    @Test
    void publicStaticMembersOfTheApplicationAreRoots() throws Throwable {
        assertEquals("ok", read(Roots.class.getName() + "#id()"));
        assertEquals("field", read(Roots.class.getName() + "#FIELD"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"#secretId()", "#packageId()", "#HIDDEN", "#lambda$static$0()"})
    void privateAndGeneratedMembersAreRefusedWithoutBeingCalled(String member) {
        String m = refusal(Roots.class.getName() + member);
        assertTrue(m.contains("is not public; an accessor reads only public members"), m);
        assertEquals(0, Roots.calls, "a refused member was called");
    }

    @ParameterizedTest
    @ValueSource(strings = {"java.lang.Thread#interrupted()", "java.lang.System#exit()", "java.lang.System#gc()",
            "java.lang.Runtime#getRuntime().availableProcessors", "jdk.internal.misc.Unsafe#getUnsafe()",
            "sun.misc.Unsafe#theUnsafe", "com.sun.management.internal.X#m()"})
    void theJdkIsNeverARoot(String accessor) throws Exception {
        String why = ConfigParser.accessor(accessor).refusal();
        assertTrue(why.contains("is a JDK class; an accessor reads the application's own state"), why);
        assertTrue(refusal(accessor).contains("is a JDK class"), accessor);
        String yaml = "groups:\n  g: \"" + accessor + "\"\n";
        String problem = assertThrows(ConfigException.class, () -> ConfigParser.parse(yaml, "pancake.yml")).getMessage();
        assertTrue(problem.startsWith("pancake.yml:2:6: groups.g: "), problem);
        assertEquals(1, problem.lines().count(), problem);
    }

    @Test
    void aJdkMethodInheritedByAnApplicationClassIsRefusedAndTheInterruptStatusKept() {
        Thread.currentThread().interrupt();
        try {
            String m = refusal(Roots.class.getName() + "#interrupted()");
            assertTrue(m.contains("is declared by the JDK class java.lang.Thread"), m);
            assertTrue(Thread.currentThread().isInterrupted(), "the interrupt status was cleared");
        } finally {
            Thread.interrupted();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"java.lang.System#exit(0)", "java.lang.Runtime#getRuntime().exec(\"sh\")",
            "x.Y#FIELD.getClass().getClassLoader()", "x.Y#m().a().b", "x.Y#FIELD.a.b()", "x.Y#m(x)", "x.Y#FIELD[0]",
            "x.Y#FIELD..a", "x.Y#FIELD.a b", "#FIELD", "x.Y#", "x.Y", "x.Y#FIELD;System.exit", "x.Y#FIELD.a-b",
            "x.Y#FIELD.`a`", "x.Y#FIELD.a\nb"})
    void anythingButTheSyntaxOfTheSpecIsRefusedByTheParser(String accessor) {
        assertNull(ConfigParser.accessor(accessor), accessor);
    }

    @Test
    void theRootCanOnlyBeAStaticMember() {
        String m = assertThrows(NoSuchMethodException.class, () -> read(SELF + "$Target#getName()")).getMessage();
        assertTrue(m.contains("is not static"), m);
        assertFalse(assertThrows(ReflectiveOperationException.class, () -> read(SELF + "$Pair#left")).getMessage()
                .isEmpty());
    }
}
