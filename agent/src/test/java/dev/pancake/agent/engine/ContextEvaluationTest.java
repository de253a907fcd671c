package dev.pancake.agent.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.ref.Reference;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.pancake.agent.config.FlagType;
import dev.pancake.agent.config.TestConfigs;
import dev.pancake.agent.log.Log;
import dev.pancake.agent.protocol.Verb;
import dev.pancake.agent.store.MemoryStore;
import dev.pancake.testkit.Await;

/**
 * Evaluations with explicit ids (what the OpenFeature provider asks through the bridge) and the
 * change listeners, on the in-memory store.
 */
class ContextEvaluationTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final String YAML = """
            groups:
              user: dev.pancake.agent.engine.TestContext#USER
              tenant: dev.pancake.agent.engine.TestContext#tenant()
            flags:
              SW: {type: switch}
              FL: {type: flag}
              ON_BY_DEFAULT: {type: flag, default: true}
              SA: {type: sample, default: 0}
              STICKY: {type: sample, default: 50, sticky: user}
            """;

    private final MemoryStore store = new MemoryStore();
    private final ByteArrayOutputStream log = new ByteArrayOutputStream();
    private Engine engine;

    @BeforeEach
    void start() {
        Log.redirect(new PrintStream(log, true, StandardCharsets.UTF_8), Log.Level.INFO);
        TestContext.clear();
        engine = new Engine(TestConfigs.parse(YAML), store);
        engine.start();
        engine.flush();
    }

    @AfterEach
    void stop() {
        engine.close();
        Log.redirect(System.err, Log.Level.INFO);
        TestContext.clear();
    }

    private void command(FlagType type, String flag, String verb, String group, String id, String value) throws Exception {
        engine.command(type, flag, Verb.parse(type, verb), group, id, value);
    }

    @Test
    void aSwitchAnswersItsDefaultThenItsStoredValue() throws Exception {
        assertEquals("off:default", engine.evaluate("SW", Map.of()));
        command(FlagType.SWITCH, "SW", "enable", null, null, null);
        assertEquals("on:stored", engine.evaluate("sw", Map.of()), "names are case-insensitive");
        command(FlagType.SWITCH, "SW", "disable", null, null, null);
        assertEquals("off:stored", engine.evaluate("SW", Map.of()));
    }

    @Test
    void aFlagsOverrideDecidesForTheIdsGivenInGroupOrder() throws Exception {
        command(FlagType.FLAG, "FL", "enable-group", "tenant", "acme", null);
        command(FlagType.FLAG, "FL", "disable-group", "user", "42", null);
        assertEquals("on:override", engine.evaluate("FL", Map.of("tenant", "acme")));
        assertEquals("off:override", engine.evaluate("FL", Map.of("user", "42", "tenant", "acme")),
                "user comes before tenant in groups:");
        assertEquals("on:override", engine.evaluate("FL", Map.of("user", "7", "tenant", "acme")));
        assertEquals("off:default", engine.evaluate("FL", Map.of("user", "7")));
        assertEquals("on:default", engine.evaluate("ON_BY_DEFAULT", Map.of()));
        command(FlagType.FLAG, "FL", "enable", null, null, null);
        assertEquals("on:stored", engine.evaluate("FL", Map.of("user", "7")));
    }

    @Test
    void explicitIdsNeverReadTheThreadsGroupAccessors() throws Exception {
        command(FlagType.FLAG, "FL", "enable-group", "user", "42", null);
        TestContext.USER.set("42");
        assertEquals("off:default", engine.evaluate("FL", Map.of()), "no id given: the thread's user 42 does not count");
        assertEquals("off:default", engine.evaluate("FL", null));
        TestContext.USER.set("7");
        assertEquals("on:override", engine.evaluate("FL", Map.of("user", "42")));
    }

    @Test
    void aSampleIsAlwaysAPercentageAndAStickyOneHashesTheIdOfItsGroup() throws Exception {
        assertEquals("off:percentage", engine.evaluate("SA", Map.of()));
        command(FlagType.SAMPLE, "SA", "set", null, null, "100");
        assertEquals("on:percentage", engine.evaluate("SA", Map.of()));
        for (String id : List.of("1", "2", "3", "42", "alice", "bob")) {
            String expected = StickyHash.percentile("STICKY", id) < 50 ? "on:percentage" : "off:percentage";
            for (int i = 0; i < 5; i++) {
                assertEquals(expected, engine.evaluate("STICKY", Map.of("user", id)), id);
            }
        }
    }

    @Test
    void undeclaredFlagsAreNullAndTheDeclarationsAreVisible() {
        assertNull(engine.evaluate("NOPE", Map.of()));
        assertNull(engine.declaredType("NOPE"));
        assertEquals("switch", engine.declaredType("sw"));
        assertEquals("flag", engine.declaredType("FL"));
        assertEquals("sample", engine.declaredType("SA"));
        assertEquals(List.of("user", "tenant"), engine.groups());
    }

    @Test
    void evaluationsAreCounted() {
        engine.evaluate("SW", Map.of());
        engine.evaluate("SW", Map.of());
        assertEquals(2, engine.flag(FlagType.SWITCH, "SW").counters().get(Counters.INACTIVE));
    }

    @Test
    void listenersHearOfEveryChangedFlagOnTheEventsThread() throws Exception {
        List<String> heard = Collections.synchronizedList(new ArrayList<>());
        List<String> threads = Collections.synchronizedList(new ArrayList<>());
        Consumer<String> listener = new Consumer<>() {
            @Override
            public void accept(String name) {
                heard.add(name);
                threads.add(Thread.currentThread().getName());
            }
        };
        Runnable unsubscribe = engine.onChange(listener);
        command(FlagType.SWITCH, "SW", "enable", null, null, null);
        Await.until("SW heard", TIMEOUT, () -> heard.contains("SW"));
        command(FlagType.FLAG, "FL", "enable-group", "user", "42", null);
        Await.until("FL heard", TIMEOUT, () -> heard.contains("FL"));
        assertTrue(threads.stream().allMatch("pancake-events"::equals), threads.toString());

        unsubscribe.run();
        heard.clear();
        command(FlagType.SWITCH, "SW", "disable", null, null, null);
        command(FlagType.FLAG, "FL", "enable", null, null, null);
        engine.flush();
        Consumer<String> probing = new Consumer<>() { // a later listener proves the delivery ran
            @Override
            public void accept(String name) {
                heard.add("probe:" + name);
            }
        };
        Runnable probe = engine.onChange(probing);
        command(FlagType.SAMPLE, "SA", "set", null, null, "5");
        Await.until("the probe heard SA", TIMEOUT, () -> heard.contains("probe:SA"));
        assertEquals(List.of("probe:SA"), heard, "the unsubscribed listener heard nothing");
        probe.run();
        Reference.reachabilityFence(listener); // the engine holds listeners weakly: each must stay reachable
        Reference.reachabilityFence(probing);
    }

    @Test
    void aListenerIsCalledOnceTheNewValueIsInForceAndMayEvaluateAndWriteAtOnce() throws Exception {
        List<String> seen = Collections.synchronizedList(new ArrayList<>());
        Consumer<String> listener = new Consumer<>() {
            @Override
            public void accept(String name) {
                seen.add(name + "=" + engine.evaluate(name, Map.of()));
                if (name.equals("SW")) {
                    try { // a write from the callback completes, and is heard in turn
                        command(FlagType.FLAG, "FL", "enable", null, null, null);
                    } catch (Exception e) {
                        seen.add("write failed: " + e);
                    }
                }
            }
        };
        Runnable unsubscribe = engine.onChange(listener);
        command(FlagType.SWITCH, "SW", "enable", null, null, null);
        Await.until("FL heard", TIMEOUT, () -> seen.contains("FL=on:stored"));
        assertEquals(List.of("SW=on:stored", "FL=on:stored"), seen);
        unsubscribe.run();
        Reference.reachabilityFence(listener);
    }

    @Test
    void aThrowingListenerIsReportedOnceAndHurtsNeitherTheAgentNorTheOthers() throws Exception {
        List<String> heard = Collections.synchronizedList(new ArrayList<>());
        Consumer<String> throwing = new Consumer<>() {
            @Override
            public void accept(String name) {
                throw new IllegalStateException("listener bug");
            }
        };
        Consumer<String> good = new Consumer<>() {
            @Override
            public void accept(String name) {
                heard.add(name);
            }
        };
        Runnable a = engine.onChange(throwing);
        Runnable b = engine.onChange(good);
        command(FlagType.SWITCH, "SW", "enable", null, null, null);
        Await.until("SW heard", TIMEOUT, () -> heard.contains("SW"));
        command(FlagType.SWITCH, "SW", "disable", null, null, null);
        Await.until("SW heard twice", TIMEOUT, () -> heard.size() >= 2);
        assertEquals("off:stored", engine.evaluate("SW", Map.of()));
        String text = log.toString(StandardCharsets.UTF_8);
        assertEquals(1, text.split("listener bug", -1).length - 1, text);
        a.run();
        b.run();
        Reference.reachabilityFence(throwing);
        Reference.reachabilityFence(good);
    }

    @Test
    void aReloadThatChangesADefaultIsAChangeToo() {
        List<String> heard = Collections.synchronizedList(new ArrayList<>());
        Consumer<String> listener = new Consumer<>() {
            @Override
            public void accept(String name) {
                heard.add(name);
            }
        };
        Runnable unsubscribe = engine.onChange(listener);
        engine.reload(TestConfigs.parse(YAML.replace("SW: {type: switch}", "SW: {type: switch, default: true}")), null);
        Await.until("SW heard", TIMEOUT, () -> heard.contains("SW"));
        assertEquals(List.of("SW"), heard);
        assertEquals("on:default", engine.evaluate("SW", Map.of()));
        unsubscribe.run();
        Reference.reachabilityFence(listener);
    }
}
