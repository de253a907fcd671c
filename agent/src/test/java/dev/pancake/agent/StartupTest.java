package dev.pancake.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import dev.pancake.agent.config.FlagType;
import dev.pancake.agent.config.TestConfigs;
import dev.pancake.agent.engine.Engine;
import dev.pancake.agent.engine.MethodInfo;
import dev.pancake.agent.engine.TypeInfo;
import dev.pancake.agent.engine.UndecidedGate;
import dev.pancake.agent.store.MemoryStore;
import dev.pancake.bridge.Bridge;
import dev.pancake.bridge.Gate;

/**
 * While the engine is not there, gated calls fail closed: they wait for it until one deadline
 * (the default timeout-ms until pancake.yml is read, then its timeout-ms), then count as inactive
 * and run the skip fallback of their method; an interrupted thread does not wait at all.
 */
class StartupTest {

    private static final MethodInfo COUNT = new MethodInfo("dev.pancake.fixture.Shop", "count", "()I", true, List.of(),
            TypeInfo.primitive("int"), List.of());
    private static final MethodInfo NAME = new MethodInfo("dev.pancake.fixture.Shop", "name", "()Ljava/lang/String;",
            true, List.of(), TypeInfo.reference("java.lang.String", null, false, java.util.Set.of()), List.of());

    private final Startup startup = new Startup();

    private Gate gate(MethodInfo method) {
        return Bridge.gate(startup.gate(FlagType.SWITCH, "NEW_CHECKOUT", method, getClass().getClassLoader()));
    }

    @Test
    void aCallBeforeTheEngineWaitsTheDefaultTimeoutThenRunsTheSkipFallback() throws Throwable {
        Gate g = gate(COUNT);
        long start = System.nanoTime();
        assertFalse(g.enter(), "undecided counts as inactive");
        long waited = System.nanoTime() - start;
        assertTrue(waited >= TimeUnit.MILLISECONDS.toNanos(95), "waited only " + waited / 1_000 + " us");
        assertTrue(waited < TimeUnit.SECONDS.toNanos(5), "waited " + waited / 1_000_000 + " ms");
        assertEquals(0, g.fallback(null, null, new Object[0]));
        assertNull(gate(NAME).fallback(null, null, new Object[0]));
    }

    @Test
    void anInterruptedThreadDoesNotWaitRunsTheFallbackAndStaysInterrupted() {
        Gate g = gate(COUNT);
        Thread.currentThread().interrupt();
        try {
            assertFalse(g.enter());
            assertTrue(Thread.currentThread().isInterrupted(), "the interrupt status was cleared");
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    void afterAFailedStartEveryGatedMethodIsUndecided() throws Throwable {
        int before = startup.gate(FlagType.SWITCH, "NEW_CHECKOUT", COUNT, null);
        startup.failed();
        assertInstanceOf(UndecidedGate.class, Bridge.gate(before), "the stand-in was replaced");
        Gate after = gate(COUNT);
        assertInstanceOf(UndecidedGate.class, after, "a class loaded after the failure");
        assertFalse(Bridge.gate(before).enter());
        assertFalse(after.enter());
        assertEquals(0, after.fallback(null, null, new Object[0]));
        assertNull(startup.engine());
    }

    @Test
    void onceItIsReadTheTimeoutOfPancakeYmlBoundsTheWaitAndTheEngineDecides() throws Exception {
        startup.configured(TestConfigs.parse("redis:\n  url: redis://127.0.0.1:1/0\n  timeout-ms: 5000\n"));
        Gate g = gate(COUNT);
        long start = System.nanoTime();
        CompletableFuture<Boolean> call = CompletableFuture.supplyAsync(g::enter);
        // wait until the call has waited longer than the default timeout-ms would have let it
        long deadline = start + TimeUnit.SECONDS.toNanos(4);
        while (System.nanoTime() - start < TimeUnit.MILLISECONDS.toNanos(300) && System.nanoTime() < deadline) {
            Thread.sleep(10); // a bounded observation window: the call must still be waiting after it
        }
        assertFalse(call.isDone(), "the call stopped waiting before the timeout-ms of pancake.yml");
        Engine engine = new Engine(TestConfigs.parse("flags:\n  NEW_CHECKOUT: {default: true}\n"), new MemoryStore());
        engine.start();
        startup.ready(engine);
        assertTrue(call.get(5, TimeUnit.SECONDS), "the engine decided: the default of pancake.yml");
        assertTrue(Bridge.gate(startup.gate(FlagType.SWITCH, "NEW_CHECKOUT", COUNT, null)).enter());
        engine.close();
    }

    @Test
    void listenersSubscribedWhileTheAgentStartsAreHandedToTheEngine() throws Exception {
        List<String> heard = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        java.util.function.Consumer<String> kept = new java.util.function.Consumer<>() {
            @Override
            public void accept(String name) {
                heard.add("kept:" + name);
            }
        };
        java.util.function.Consumer<String> dropped = new java.util.function.Consumer<>() {
            @Override
            public void accept(String name) {
                heard.add("dropped:" + name);
            }
        };
        Runnable unsubscribeKept = startup.onChange(kept);
        startup.onChange(dropped).run(); // unsubscribed before the engine is there
        Engine engine = new Engine(TestConfigs.parse("flags:\n  NEW_CHECKOUT: {}\n"), new MemoryStore());
        engine.start();
        startup.ready(engine);
        // what the first read finds is no change: the change below must come after it, or nobody hears of it
        assertTrue(engine.awaitFirstRead(10_000), "the first read of the in-memory store");
        engine.command(FlagType.SWITCH, "NEW_CHECKOUT", dev.pancake.agent.protocol.Verb.ENABLE, null, null, null);
        dev.pancake.testkit.Await.until("the early listener heard the change", java.time.Duration.ofSeconds(10),
                () -> heard.contains("kept:NEW_CHECKOUT"));
        assertEquals(List.of("kept:NEW_CHECKOUT"), heard);
        assertEquals("on:stored", startup.evaluate("NEW_CHECKOUT", java.util.Map.of()), "answered by the engine");
        unsubscribeKept.run(); // after the hand-over: unsubscribes from the engine
        heard.clear();
        java.util.function.Consumer<String> probing = new java.util.function.Consumer<>() {
            @Override
            public void accept(String name) {
                heard.add("probe:" + name);
            }
        };
        Runnable probe = engine.onChange(probing);
        engine.command(FlagType.SWITCH, "NEW_CHECKOUT", dev.pancake.agent.protocol.Verb.DISABLE, null, null, null);
        dev.pancake.testkit.Await.until("the probe heard the change", java.time.Duration.ofSeconds(10),
                () -> heard.contains("probe:NEW_CHECKOUT"));
        assertEquals(List.of("probe:NEW_CHECKOUT"), heard);
        probe.run();
        engine.close();
        // the engine holds listeners weakly: each must stay reachable until here (a null check the JIT may fold is not enough)
        java.lang.ref.Reference.reachabilityFence(kept);
        java.lang.ref.Reference.reachabilityFence(dropped);
        java.lang.ref.Reference.reachabilityFence(probing);
    }

    @Test
    void beforeTheEngineEvaluationsSaySoAfterTheWait() {
        IllegalStateException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                () -> startup.evaluate("NEW_CHECKOUT", java.util.Map.of()));
        assertEquals("the Pancake agent is still starting", e.getMessage());
        startup.failed();
        e = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class, () -> startup.groups());
        assertEquals("the Pancake agent could not start (its log on stderr says why)", e.getMessage());
    }
}
