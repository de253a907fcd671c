package dev.pancake.agent.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.stream.BaseStream;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import dev.pancake.FeatureDisabledException;
import dev.pancake.agent.config.FallbackSpec;
import dev.pancake.agent.instrument.TestShapes;

/** Fallbacks (skip, throw, return, call), planned from real class files (as the instrumentation describes them) and run. */
class FallbackPlannerTest {

    private static final Object[] NO_ARGS = new Object[0];

    private static Fallback plan(FallbackSpec spec, Class<?> type, String method) throws FallbackPlanner.Misfit {
        return FallbackPlanner.plan("F", spec, TestShapes.method(type, method));
    }

    private static Object skip(String method) throws Throwable {
        return plan(FallbackSpec.SKIP, Returns.class, method).produce(Returns.class, new Returns(), NO_ARGS);
    }

    private static Object returns(Object literal, String method) throws Throwable {
        return plan(new FallbackSpec.Return(literal), Returns.class, method).produce(Returns.class, new Returns(), NO_ARGS);
    }

    private static String misfit(FallbackSpec spec, Class<?> type, String method) {
        return assertThrows(FallbackPlanner.Misfit.class, () -> plan(spec, type, method)).getMessage();
    }

    private static Object call(String target, Class<?> type, String method, Object self, Object... args) throws Throwable {
        return plan(new FallbackSpec.Call(target), type, method).produce(type, self, args);
    }

    // ---- skip

    @Test
    void skipReturnsNothingFromAVoidMethod() throws Throwable {
        assertNull(skip("run"));
    }

    @Test
    void skipReturnsZeroOrFalseForEveryPrimitive() throws Throwable {
        assertEquals(Boolean.FALSE, skip("yes"));
        assertEquals('\0', skip("letter"));
        assertEquals((byte) 0, skip("octet"));
        assertEquals((short) 0, skip("small"));
        assertEquals(0, skip("count"));
        assertEquals(0L, skip("big"));
        assertEquals(0f, skip("ratio"));
        assertEquals(0d, skip("precise"));
    }

    @Test
    void skipReturnsEmptyOptionals() throws Throwable {
        assertEquals(Optional.empty(), skip("maybeText"));
        assertEquals(Optional.empty(), skip("rawOptional"));
        assertEquals(OptionalInt.empty(), skip("optionalInt"));
        assertEquals(OptionalLong.empty(), skip("optionalLong"));
        assertEquals(OptionalDouble.empty(), skip("optionalDouble"));
    }

    @Test
    void skipReturnsTheSameImmutableEmptyForCollectionAndMapInterfaces() throws Throwable {
        assertEquals(List.of(), skip("list"));
        assertEquals(Set.of(), skip("set"));
        assertEquals(Map.of(), skip("map"));
        assertEquals(List.of(), skip("collection"));
        assertEquals(List.of(), skip("iterable"));
        assertTrue(((Collection<?>) skip("sortedSet")).isEmpty());
        assertTrue(((Map<?, ?>) skip("navigableMap")).isEmpty());
        assertTrue(!((java.util.Iterator<?>) skip("iterator")).hasNext());
        assertSame(skip("list"), skip("list"), "no allocation per call");
        @SuppressWarnings("unchecked") List<String> list = (List<String>) skip("list");
        assertThrows(UnsupportedOperationException.class, () -> list.add("x"));
    }

    @Test
    void skipReturnsANewMutableInstanceOfAConcreteCollectionTypeOnEveryCall() throws Throwable {
        assertEquals(ArrayList.class, skip("arrayList").getClass());
        assertEquals(HashMap.class, skip("hashMap").getClass());
        assertEquals(LinkedHashSet.class, skip("linkedHashSet").getClass());
        assertEquals(TreeMap.class, skip("treeMap").getClass());
        assertEquals(ArrayDeque.class, skip("arrayDeque").getClass());
        assertEquals(ConcurrentHashMap.class, skip("concurrentMap").getClass());
        assertEquals(LinkedBlockingDeque.class, skip("blockingQueue").getClass());
        assertTrue(((Collection<?>) skip("queue")).isEmpty());
        assertTrue(((Collection<?>) skip("deque")).isEmpty());
        Object first = skip("arrayList");
        Object second = skip("arrayList");
        assertNotSame(first, second);
        @SuppressWarnings("unchecked") List<String> list = (List<String>) first;
        list.add("callers may add");
        assertEquals(List.of(), second);
    }

    @Test
    void skipReturnsAFreshEmptyStreamOnEveryCall() throws Throwable {
        Stream<?> a = (Stream<?>) skip("stream");
        Stream<?> b = (Stream<?>) skip("stream");
        assertNotSame(a, b);
        assertEquals(0, a.count());
        assertEquals(0, b.count(), "a stream can be used once, so each call needs its own");
        assertEquals(0, ((BaseStream<?, ?>) skip("intStream")).iterator().hasNext() ? 1 : 0);
        assertEquals(0, ((java.util.stream.LongStream) skip("longStream")).count());
        assertEquals(0, ((java.util.stream.DoubleStream) skip("doubleStream")).count());
    }

    @Test
    void skipReturnsAnEmptyArrayOfTheComponentType() throws Throwable {
        assertArrayEquals(new int[0], (int[]) skip("ints"));
        assertArrayEquals(new String[0], (String[]) skip("strings"));
        assertEquals(Returns.Color[][].class, skip("grid").getClass());
        assertEquals(0, ((Object[]) skip("grid")).length);
    }

    @Test
    void skipReturnsNullForOtherObjectsAndBoxedPrimitives() throws Throwable {
        assertNull(skip("text"));
        assertNull(skip("boxed"));
        assertNull(skip("color"));
        assertNull(skip("other"));
        assertNull(skip("anything"));
    }

    // ---- throw

    @Test
    void throwRaisesFeatureDisabledExceptionNamingTheFlag() throws Throwable {
        Fallback f = plan(FallbackSpec.THROW, Returns.class, "text");
        FeatureDisabledException e = assertThrows(FeatureDisabledException.class,
                () -> f.produce(Returns.class, new Returns(), NO_ARGS));
        assertEquals("F", e.flagName());
        assertEquals("feature F is disabled", e.getMessage());
        assertThrows(FeatureDisabledException.class,
                () -> plan(FallbackSpec.THROW, Returns.class, "run").produce(Returns.class, new Returns(), NO_ARGS));
    }

    // ---- {return: ...}

    @Test
    void returnConvertsTheLiteralToTheReturnType() throws Throwable {
        assertEquals("closed", returns("closed", "text"));
        assertEquals("42", returns(42L, "text"));
        assertEquals("closed", returns("closed", "chars"));
        assertEquals(Boolean.TRUE, returns(true, "yes"));
        assertEquals(Boolean.FALSE, returns("false", "boxedYes"));
        assertEquals('n', returns("n", "letter"));
        assertEquals('n', returns("n", "boxedLetter"));
        assertEquals((byte) -7, returns(-7L, "octet"));
        assertEquals((short) 300, returns(300L, "small"));
        assertEquals(42, returns(42L, "count"));
        assertEquals(42, returns(42.0, "count"));
        assertEquals(42, returns("42", "boxed"));
        assertEquals(9_000_000_000L, returns(9_000_000_000L, "big"));
        assertEquals(0.5f, returns(0.5, "ratio"));
        assertEquals(2.0, returns(2L, "precise"));
        assertEquals(new BigDecimal("19.90"), returns("19.90", "price"), "text keeps BigDecimal's scale");
        assertEquals(new BigDecimal("4.5"), returns(4.5, "price"));
        assertEquals(new BigInteger("123456789012345678901234567890"), returns("123456789012345678901234567890", "huge"));
        assertEquals(7L, returns(7L, "number"));
        assertEquals(7L, returns(7L, "anything"));
        assertEquals(Returns.Color.RED, returns("RED", "color"));
    }

    @Test
    void returnWrapsTheLiteralInOptionals() throws Throwable {
        assertEquals(Optional.of("soon"), returns("soon", "maybeText"));
        assertEquals(Optional.of(3), returns(3L, "maybeCount"));
        assertEquals(Optional.of(Returns.Color.RED), returns("RED", "maybeColor"));
        assertEquals(Optional.of(3L), returns(3L, "rawOptional"));
        assertEquals(OptionalInt.of(3), returns(3L, "optionalInt"));
        assertEquals(OptionalLong.of(3), returns(3L, "optionalLong"));
        assertEquals(OptionalDouble.of(2.5), returns(2.5, "optionalDouble"));
    }

    @Test
    void returnNullIsNullOrAnEmptyOptional() throws Throwable {
        assertNull(returns(null, "text"));
        assertNull(returns(null, "boxed"));
        assertEquals(Optional.empty(), returns(null, "maybeText"));
        assertEquals(OptionalInt.empty(), returns(null, "optionalInt"));
    }

    @Test
    void aLiteralThatDoesNotConvertIsAMisfitThatSaysWhatWasExpected() {
        assertEquals("{return: \"many\"} cannot be converted to int (expected a whole number in -2147483648..2147483647)",
                misfit(new FallbackSpec.Return("many"), Returns.class, "count"));
        assertEquals("{return: 4.5} cannot be converted to int (expected a whole number in -2147483648..2147483647)",
                misfit(new FallbackSpec.Return(4.5), Returns.class, "count"));
        assertTrue(misfit(new FallbackSpec.Return(300L), Returns.class, "octet").contains("-128..127"));
        assertEquals("{return: \"maybe\"} cannot be converted to boolean (expected true or false)",
                misfit(new FallbackSpec.Return("maybe"), Returns.class, "yes"));
        assertEquals("{return: \"no\"} cannot be converted to char (expected a single character)",
                misfit(new FallbackSpec.Return("no"), Returns.class, "letter"));
        assertEquals("{return: null} does not fit the primitive return type long",
                misfit(new FallbackSpec.Return(null), Returns.class, "big"));
        assertEquals("{return: \"BLUE\"}: dev.pancake.agent.engine.Returns$Color has no constant BLUE (it has RED, GREEN)",
                misfit(new FallbackSpec.Return("BLUE"), Returns.class, "color"));
        assertEquals("{return: 1} does not fit a void method; use skip, throw or {call: ...}",
                misfit(new FallbackSpec.Return(1L), Returns.class, "run"));
        assertTrue(misfit(new FallbackSpec.Return("x"), Returns.class, "list")
                .startsWith("{return: \"x\"} cannot be converted to java.util.List; a literal fits"));
        assertTrue(misfit(new FallbackSpec.Return("x"), Returns.class, "maybeCount")
                .startsWith("{return: \"x\"} cannot be converted to java.lang.Integer"));
    }

    // ---- {call: ...}

    @Test
    void callRunsAnInstanceMethodOnTheSameInstanceWithTheSameArguments() throws Throwable {
        assertEquals("legacy pancakes 3 on Returns", call("legacySearch", Returns.class, "search", new Returns(), "pancakes", 3));
        assertEquals("legacy pancakes 3 on SubReturns",
                call("legacySearch", Returns.class, "search", new SubReturns(), "pancakes", 3), "a virtual call");
    }

    @Test
    void callRunsAStaticMethodFromAStaticOrAnInstanceMethod() throws Throwable {
        assertEquals("static waffles 2", call("staticSearch", Returns.class, "gatedStatic", null, "waffles", 2));
        assertEquals("static waffles 2", call("staticSearch", Returns.class, "search", new Returns(), "waffles", 2));
    }

    @Test
    void callMayNameAPrivateMethodOrOneInheritedFromASuperclass() throws Throwable {
        assertEquals("private crepes", call("privateSearch", Returns.class, "search", new Returns(), "crepes", 1));
        assertEquals("legacy crepes 1 on SubReturns",
                call("legacySearch", SubReturns.class, "subSearch", new SubReturns(), "crepes", 1));
    }

    @Test
    void callAcceptsACovariantReturnTypeAndIgnoresTheResultForAVoidMethod() throws Throwable {
        assertEquals(List.of("legacy q"), call("arrayListSearch", Returns.class, "listSearch", new Returns(), "q", 1));
        // a void gated method may call a method that returns something: the advice discards the value
        assertEquals("legacy q 1 on Returns", call("legacySearch", Returns.class, "nothing", new Returns(), "q", 1));
    }

    @Test
    void exceptionsOfTheCalledMethodPassThroughUnchanged() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> call("failingSearch", Returns.class, "search", new Returns(), "q", 1));
        assertEquals("legacy failed for q", e.getMessage());
    }

    @Test
    void aCallThatCannotFitIsAMisfitThatSaysWhy() {
        assertEquals("{call: missing}: dev.pancake.agent.engine.Returns has no method missing(java.lang.String, int)",
                misfit(new FallbackSpec.Call("missing"), Returns.class, "search"));
        assertEquals("{call: otherParams}: dev.pancake.agent.engine.Returns has no method otherParams(java.lang.String,"
                + " int); it has dev.pancake.agent.engine.Returns#otherParams(java.lang.String)",
                misfit(new FallbackSpec.Call("otherParams"), Returns.class, "search"));
        assertEquals("{call: wrongReturn}: dev.pancake.agent.engine.Returns#wrongReturn(java.lang.String, int) returns"
                + " java.lang.Integer, which dev.pancake.agent.engine.Returns#search(java.lang.String, int) cannot return"
                + " (it returns java.lang.String)",
                misfit(new FallbackSpec.Call("wrongReturn"), Returns.class, "search"));
        assertTrue(misfit(new FallbackSpec.Call("log"), Returns.class, "search").contains("returns void"));
        assertEquals("{call: legacySearch}: dev.pancake.agent.engine.Returns#legacySearch(java.lang.String, int) is an"
                + " instance method, but dev.pancake.agent.engine.Returns#gatedStatic(java.lang.String, int) is static and"
                + " has no instance to call it on",
                misfit(new FallbackSpec.Call("legacySearch"), Returns.class, "gatedStatic"));
        assertEquals("{call: search} names the gated method itself",
                misfit(new FallbackSpec.Call("search"), Returns.class, "search"));
        assertTrue(misfit(new FallbackSpec.Call("legacySearch"), Returns.class, "listSearch").contains("cannot return"));
    }

    @Test
    void aFallbackThatFailsToResolveAtRunTimeIsUnusableNotARawReflectionError() throws Throwable {
        Fallback f = plan(new FallbackSpec.Call("legacySearch"), Returns.class, "search");
        // asked for a class that does not have the method (as if another class loader's copy differed)
        Fallback.Unusable e = assertThrows(Fallback.Unusable.class,
                () -> f.produce(TestContext.class, new Returns(), new Object[] {"q", 1}));
        assertTrue(e.getMessage().startsWith("cannot call dev.pancake.agent.engine.Returns#legacySearch"), e.getMessage());
    }

    private static Object thrown(String method) throws Throwable {
        return plan(FallbackSpec.THROW, Returns.class, method).produce(Returns.class, new Returns(), NO_ARGS);
    }

    private static Throwable failureOf(Object future) {
        CompletableFuture<?> f = ((CompletionStage<?>) future).toCompletableFuture();
        assertTrue(f.isCompletedExceptionally(), "a failed future");
        return assertThrows(CompletionException.class, f::join).getCause();
    }

    @Test
    void aFutureIsCompletedWithTheSkipValueOfItsTypeArgument() throws Throwable {
        CompletableFuture<?> f = (CompletableFuture<?>) skip("future");
        assertTrue(f.isDone());
        assertNull(f.join());
        assertEquals(List.of(), ((CompletableFuture<?>) skip("futureList")).join());
        assertNull(((CompletableFuture<?>) skip("futureInt")).join(), "a boxed type argument: null, as for a boxed return");
        assertEquals(Optional.empty(), ((CompletableFuture<?>) skip("futureOptional")).join());
        assertNull(((CompletableFuture<?>) skip("rawFuture")).join());
        assertEquals(Set.of(), ((CompletionStage<?>) skip("stage")).toCompletableFuture().join());
        assertNull(((CompletableFuture<?>) skip("plainFuture")).join());
        assertNotSame(skip("future"), skip("future"), "a new future on every call: callers may complete it");
    }

    @Test
    void aCompletionStageCannotBeCompletedByItsCaller() throws Throwable {
        CompletionStage<?> stage = (CompletionStage<?>) skip("stage");
        assertThrows(UnsupportedOperationException.class, () -> ((CompletableFuture<?>) stage).complete(null));
    }

    @Test
    void throwFailsTheFutureInsteadOfThrowingAtTheCall() throws Throwable {
        Throwable t = failureOf(thrown("future"));
        assertTrue(t instanceof FeatureDisabledException, String.valueOf(t));
        assertEquals("feature F is disabled", t.getMessage());
        assertTrue(failureOf(thrown("stage")) instanceof FeatureDisabledException);
        assertTrue(failureOf(thrown("plainFuture")) instanceof FeatureDisabledException);
    }

    @Test
    void returnCompletesWithTheLiteralConvertedToTheTypeArgument() throws Throwable {
        assertEquals(7, ((CompletableFuture<?>) returns(7L, "futureInt")).join());
        assertEquals("closed", ((CompletableFuture<?>) returns("closed", "future")).join());
        assertEquals(Optional.of("x"), ((CompletableFuture<?>) returns("x", "futureOptional")).join());
        assertEquals(7L, ((CompletableFuture<?>) returns(7L, "plainFuture")).join());
        assertNull(((CompletableFuture<?>) returns(null, "futureInt")).join());
        assertEquals("{return: \"many\"} cannot be converted to java.lang.Integer (expected a whole number in"
                + " -2147483648..2147483647) (the type argument of java.util.concurrent.CompletableFuture)",
                misfit(new FallbackSpec.Return("many"), Returns.class, "futureInt"));
    }

    @Test
    void monoAndFluxAreEmptyFailedOrOfTheLiteral() throws Throwable {
        assertNull(((Mono<?>) skip("mono")).block());
        assertEquals(List.of(), ((Flux<?>) skip("flux")).collectList().block());
        assertEquals("closed", ((Mono<?>) returns("closed", "mono")).block());
        assertEquals(List.of(3), ((Flux<?>) returns(3L, "flux")).collectList().block());
        assertNull(((Mono<?>) returns(null, "mono")).block());
        FeatureDisabledException e = assertThrows(FeatureDisabledException.class, () -> ((Mono<?>) thrown("mono")).block());
        assertEquals("feature F is disabled", e.getMessage());
        assertThrows(FeatureDisabledException.class, () -> ((Flux<?>) thrown("flux")).blockFirst());
    }
}
