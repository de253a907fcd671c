package dev.pancake.agent.instrument;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.pancake.FeatureDisabledException;
import dev.pancake.bridge.Bridge;
import dev.pancake.bridge.Gate;
import net.bytebuddy.jar.asm.Type;

/**
 * The gate woven into a method's bytecode: {@link WeaveSubject} woven with a gate of the test's own
 * on each method, registered with the bridge and loaded in a throwaway class loader.
 */
class GateWeaverTest {

    private static final String SUBJECT = WeaveSubject.class.getName();

    /** A gate the test opens and closes; records what the woven code handed it. */
    static final class FakeGate extends Gate {
        volatile boolean active = true;
        volatile RuntimeException enterThrows;
        volatile Supplier<Object> fallback = () -> null;
        volatile Throwable fallbackThrows;
        final List<Object[]> fallbackCalls = new ArrayList<>();
        final List<Throwable> failures = new ArrayList<>();

        @Override
        public boolean enter() {
            if (enterThrows != null) {
                throw enterThrows;
            }
            return active;
        }

        @Override
        public Object fallback(Class<?> type, Object self, Object[] args) throws Throwable {
            fallbackCalls.add(new Object[] {type, self, args});
            if (fallbackThrows != null) {
                throw fallbackThrows;
            }
            return fallback.get();
        }

        @Override
        public void failed(Throwable cause) {
            failures.add(cause);
        }
    }

    private final Map<String, FakeGate> gates = new HashMap<>();
    private Class<?> woven;

    @BeforeEach
    void weave() throws Exception {
        Map<String, Integer> ids = new HashMap<>();
        for (Method m : WeaveSubject.class.getDeclaredMethods()) {
            if (!m.getName().equals("ungated") && !m.isSynthetic()) {
                FakeGate gate = new FakeGate();
                gates.put(m.getName(), gate);
                ids.put(m.getName() + Type.getMethodDescriptor(m), Bridge.register(gate));
            }
        }
        byte[] bytes = GateWeaver.weave(classFile(WeaveSubject.class), ids);
        woven = new OneClassLoader(SUBJECT, bytes).loadClass(SUBJECT);
    }

    private FakeGate gate(String method) {
        return gates.get(method);
    }

    private Object call(String method, Object... args) throws Throwable {
        return callOn(null, method, args);
    }

    private Object callOn(Object self, String method, Object... args) throws Throwable {
        for (Method m : woven.getDeclaredMethods()) {
            if (m.getName().equals(method)) {
                try {
                    return m.invoke(self, args);
                } catch (InvocationTargetException e) {
                    throw e.getCause();
                }
            }
        }
        throw new NoSuchMethodException(method);
    }

    private String ran() throws ReflectiveOperationException {
        return woven.getField("ran").get(null).toString();
    }

    @Test
    void anActiveGateRunsTheBody() throws Throwable {
        assertEquals("hello you", call("greeting", "you"));
        assertEquals("greeting;", ran());
        assertEquals(List.of(), gate("greeting").fallbackCalls);
    }

    @Test
    void anInactiveGateReturnsTheFallbacksValueWithoutRunningTheBody() throws Throwable {
        gate("greeting").active = false;
        gate("greeting").fallback = () -> "from the fallback";
        assertEquals("from the fallback", call("greeting", "you"));
        assertEquals("", ran());
    }

    @Test
    void theFallbackGetsTheDeclaringClassAndTheArgumentsOfAStaticCall() throws Throwable {
        gate("greeting").active = false;
        call("greeting", "you");
        Object[] seen = gate("greeting").fallbackCalls.get(0);
        assertSame(woven, seen[0]);
        assertNull(seen[1], "static: no instance");
        assertArrayEquals(new Object[] {"you"}, (Object[]) seen[2]);
    }

    @Test
    void theFallbackGetsTheInstanceOfAnInstanceCall() throws Throwable {
        Object self = woven.getConstructor(String.class).newInstance("mine");
        assertEquals("mine", callOn(self, "named"));
        gate("named").active = false;
        gate("named").fallback = () -> "fallback";
        assertEquals("fallback", callOn(self, "named"));
        Object[] seen = gate("named").fallbackCalls.get(0);
        assertSame(self, seen[1]);
        assertArrayEquals(new Object[0], (Object[]) seen[2]);
        assertEquals("named;", ran(), "the body ran only while active");
    }

    @Test
    void primitiveArgumentsReachTheFallbackBoxedIncludingTwoSlotOnes() throws Throwable {
        gate("wide").active = false;
        gate("wide").fallback = () -> 7L;
        assertEquals(7L, call("wide", 1L, 2.5, 3));
        assertArrayEquals(new Object[] {1L, 2.5, 3}, (Object[]) gate("wide").fallbackCalls.get(0)[2]);
    }

    @Test
    void aPrimitiveReturnIsUnboxedFromTheFallbacksValue() throws Throwable {
        gate("count").active = false;
        gate("count").fallback = () -> 42;
        gate("yes").active = false;
        gate("yes").fallback = () -> false;
        gate("half").active = false;
        gate("half").fallback = () -> 0.25;
        gate("letter").active = false;
        gate("letter").fallback = () -> 'z';
        assertEquals(42, call("count", 1));
        assertEquals(false, call("yes"));
        assertEquals(0.25, call("half", 8.0));
        assertEquals('z', call("letter"));
        assertEquals("", ran());
    }

    @Test
    void primitiveReturnsRunTheBodyWhenActive() throws Throwable {
        assertEquals(2, call("count", 1));
        assertEquals(true, call("yes"));
        assertEquals(6L, call("wide", 1L, 2.5, 3));
        assertEquals(4.0, call("half", 8.0));
        assertEquals('b', call("letter"));
        assertEquals("count;yes;wide;half;letter;", ran());
    }

    @Test
    void anInactiveVoidMethodSkipsItsBodyAndIgnoresTheFallbacksValue() throws Throwable {
        call("touch");
        gate("touch").active = false;
        gate("touch").fallback = () -> "ignored";
        assertNull(call("touch"));
        assertEquals("touch;", ran());
        assertEquals(1, gate("touch").fallbackCalls.size());
    }

    @Test
    void referenceReturnsOfArraysAndGenericTypesAreCastFromTheFallbacksValue() throws Throwable {
        gate("numbers").active = false;
        gate("numbers").fallback = () -> new int[] {9};
        gate("names").active = false;
        gate("names").fallback = () -> List.of("z");
        assertArrayEquals(new int[] {9}, (int[]) call("numbers"));
        assertEquals(List.of("z"), call("names"));
    }

    @Test
    void aFallbackValueOfTheWrongTypeFailsWithClassCastException() {
        gate("count").active = false;
        gate("count").fallback = () -> "not an int";
        assertThrows(ClassCastException.class, () -> call("count", 1));
    }

    @Test
    void anExceptionFromEnterRunsTheFallbackAndIsReportedToTheGate() throws Throwable {
        IllegalStateException internal = new IllegalStateException("the agent broke");
        gate("greeting").enterThrows = internal;
        gate("greeting").fallback = () -> "fallback";
        assertEquals("fallback", call("greeting", "you"));
        assertEquals(List.of(internal), gate("greeting").failures);
        assertEquals("", ran(), "a failing gate counts as inactive");
    }

    @Test
    void anExceptionFromTheFallbackReachesTheCaller() {
        gate("greeting").active = false;
        gate("greeting").fallbackThrows = new FeatureDisabledException("GREETING");
        FeatureDisabledException e = assertThrows(FeatureDisabledException.class, () -> call("greeting", "you"));
        assertEquals("GREETING", e.flagName());
        assertEquals(List.of(), gate("greeting").failures, "not a failure of the gate");
    }

    @Test
    void anExceptionFromTheBodyReachesTheCallerUncaught() throws Throwable {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> call("fails"));
        assertEquals("the body threw", e.getMessage());
        assertEquals(List.of(), gate("fails").fallbackCalls, "the body's exception does not run the fallback");
        assertEquals(List.of(), gate("fails").failures);
    }

    @Test
    void aMethodWhoseCodeStartsWithALoopKeepsItsFrames() throws Throwable {
        assertEquals(6, call("loop", 3));
        gate("loop").active = false;
        gate("loop").fallback = () -> -1;
        assertEquals(-1, call("loop", 3));
    }

    @Test
    void aMethodWithoutAGateIsLeftAsItWas() throws Throwable {
        assertEquals("ungated", call("ungated"));
        assertEquals("ungated;", ran());
    }

    @Test
    void theGateIsReadOnEveryCall() throws Throwable {
        assertEquals("hello a", call("greeting", "a"));
        gate("greeting").active = false;
        gate("greeting").fallback = () -> "off";
        assertEquals("off", call("greeting", "b"));
        gate("greeting").active = true;
        assertEquals("hello c", call("greeting", "c"));
    }

    private static byte[] classFile(Class<?> type) throws IOException {
        try (InputStream in = type.getClassLoader().getResourceAsStream(type.getName().replace('.', '/') + ".class")) {
            return in.readAllBytes();
        }
    }

    /** Defines one class from the given bytes; everything else (the bridge, the JDK) comes from the parent. */
    private static final class OneClassLoader extends ClassLoader {
        private final String name;
        private final byte[] bytes;

        OneClassLoader(String name, byte[] bytes) {
            super(GateWeaverTest.class.getClassLoader());
            this.name = name;
            this.bytes = bytes;
        }

        @Override
        protected Class<?> loadClass(String className, boolean resolve) throws ClassNotFoundException {
            if (!className.equals(name)) {
                return super.loadClass(className, resolve);
            }
            synchronized (getClassLoadingLock(className)) {
                Class<?> c = findLoadedClass(className);
                return c != null ? c : defineClass(className, bytes, 0, bytes.length);
            }
        }
    }
}
