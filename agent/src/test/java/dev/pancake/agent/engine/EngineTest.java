package dev.pancake.agent.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.ref.WeakReference;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import dev.pancake.FeatureDisabledException;
import dev.pancake.agent.config.FlagType;
import dev.pancake.agent.config.TestConfigs;
import dev.pancake.agent.protocol.Verb;
import dev.pancake.agent.instrument.TestShapes;
import dev.pancake.agent.log.Log;
import dev.pancake.agent.store.MemoryStore;
import dev.pancake.bridge.FlagHandle;

/** Evaluation, fallbacks and reloads, on the in-memory store (the Redis ITs cover the rest). */
class EngineTest {

    private static final String GROUPS = """
            groups:
              user: dev.pancake.agent.engine.TestContext#USER
              tenant: dev.pancake.agent.engine.TestContext#tenant()
            """;

    private final MemoryStore store = new MemoryStore();
    private final ByteArrayOutputStream log = new ByteArrayOutputStream();
    private Engine engine;

    @BeforeEach
    void captureLog() {
        Log.redirect(new PrintStream(log, true, StandardCharsets.UTF_8), Log.Level.INFO);
        TestContext.clear();
    }

    @AfterEach
    void stop() {
        if (engine != null) {
            engine.close();
        }
        Log.redirect(System.err, Log.Level.INFO);
        TestContext.clear();
    }

    private Engine start(String yaml) {
        engine = new Engine(TestConfigs.parse(yaml), store);
        engine.start();
        engine.flush();
        return engine;
    }

    private void reload(String yaml) {
        engine.reload(TestConfigs.parse(yaml), null);
    }

    private MethodGate gate(FlagType type, String flag, String method) {
        return engine.gate(type, flag, TestShapes.method(Returns.class, method), EngineTest.class.getClassLoader());
    }

    private FlagHandle api(FlagType type, String flag) {
        return engine.handle(type.name(), flag, EngineTest.class);
    }

    private void command(FlagType type, String flag, String verb, String group, String id, String value) {
        try {
            engine.command(type, flag, Verb.parse(type, verb), group, id, value);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** Writes a raw value as any other Redis client could, and waits until the engine has seen it. */
    private void write(String key, String value) {
        if (value == null) {
            store.delete(List.of(key));
        } else {
            store.set(key, value);
        }
        engine.flush();
    }

    private static Object fallback(MethodGate gate) throws Throwable {
        return gate.fallback(Returns.class, new Returns(), new Object[0]);
    }

    private List<String> logLines(String containing) {
        return log.toString(StandardCharsets.UTF_8).lines().filter(l -> l.contains(containing)).toList();
    }

    private static int activeCount(MethodGate gate, int calls) {
        int n = 0;
        for (int i = 0; i < calls; i++) {
            n += gate.enter() ? 1 : 0;
        }
        return n;
    }

    // ---- Switch

    @Test
    void switchIsItsStoredValueElseItsDefault() {
        start("flags:\n  ON: {type: switch, default: true}\n  OFF: {type: switch, default: false}\n");
        MethodGate on = gate(FlagType.SWITCH, "on", "text");
        MethodGate off = gate(FlagType.SWITCH, "OFF", "text");
        assertTrue(on.enter());
        assertFalse(off.enter());
        write("SWITCH:pancake:ON", "0");
        write("SWITCH:pancake:OFF", "1");
        assertFalse(on.enter());
        assertTrue(off.enter());
        write("SWITCH:pancake:ON", null);
        write("SWITCH:pancake:OFF", null);
        assertTrue(on.enter());
        assertFalse(off.enter());
    }

    @Test
    void aValueThatIsNotZeroOrOneCountsAsAbsentWithOneWarningPerKey() {
        start("flags:\n  ON: {type: switch, default: true}\n");
        MethodGate on = gate(FlagType.SWITCH, "ON", "text");
        write("SWITCH:pancake:ON", "yes");
        assertTrue(on.enter());
        write("SWITCH:pancake:ON", "true");
        assertTrue(on.enter());
        assertEquals(List.of("[pancake] WARN key SWITCH:pancake:ON holds \"yes\", expected \"1\" or \"0\"; it counts as absent"),
                logLines("SWITCH:pancake:ON"));
    }

    // ---- Flag

    private static boolean specFlag(boolean userPresent, String userOverride, boolean tenantPresent, String tenantOverride,
            String global, boolean dflt) {
        // each group in groups: order whose accessor yields an id and has an override decides,
        // else FLAG:{ns}:{NAME}, else the default
        if (userPresent && userOverride != null) {
            return userOverride.equals("1");
        }
        if (tenantPresent && tenantOverride != null) {
            return tenantOverride.equals("1");
        }
        if (global != null) {
            return global.equals("1");
        }
        return dflt;
    }

    private void override(String flag, String group, String id, String value) {
        String verb = value == null ? "clear-group" : value.equals("1") ? "enable-group" : "disable-group";
        command(FlagType.FLAG, flag, verb, group, id, null);
    }

    private void global(FlagType type, String flag, String value) {
        command(type, flag, value == null ? "clear" : value.equals("1") ? "enable" : "disable", null, null, null);
    }

    @Test
    void flagTruthTableOfGroupsTimesGlobalTimesDefault() {
        start(GROUPS + "flags:\n  ON: {type: flag, default: true}\n  OFF: {type: flag, default: false}\n");
        Map<String, Boolean> defaults = Map.of("ON", true, "OFF", false);
        String[] states = {null, "1", "0"};
        int rows = 0;
        for (String flag : defaults.keySet()) {
            MethodGate gate = gate(FlagType.FLAG, flag, "text");
            FlagHandle api = api(FlagType.FLAG, flag);
            for (String userOverride : states) {
                override(flag, "user", "u1", userOverride);
                for (String tenantOverride : states) {
                    override(flag, "tenant", "t1", tenantOverride);
                    for (String global : states) {
                        global(FlagType.FLAG, flag, global);
                        for (boolean userPresent : new boolean[] {false, true}) {
                            TestContext.USER.set(userPresent ? "u1" : null);
                            for (boolean tenantPresent : new boolean[] {false, true}) {
                                TestContext.tenant = tenantPresent ? "t1" : null;
                                boolean expected = specFlag(userPresent, userOverride, tenantPresent, tenantOverride,
                                        global, defaults.get(flag));
                                String row = flag + " user " + (userPresent ? "u1" : "-") + " override " + userOverride
                                        + ", tenant " + (tenantPresent ? "t1" : "-") + " override " + tenantOverride
                                        + ", global " + global;
                                assertEquals(expected, gate.enter(), "gated call, " + row);
                                assertEquals(expected, api.isActive(), "Flag.isActive(), " + row);
                                assertEquals(global == null ? defaults.get(flag) : global.equals("1"), api.isActiveGlobally(),
                                        "Flag.isActiveGlobally(), " + row);
                                rows++;
                            }
                        }
                    }
                }
            }
        }
        assertEquals(216, rows);
    }

    @Test
    void theFirstGroupInPancakeYmlOrderThatHasAnOverrideDecides() {
        start(GROUPS + "flags:\n  F: {type: flag}\n");
        MethodGate gate = gate(FlagType.FLAG, "F", "text");
        override("F", "user", "u1", "0");
        override("F", "tenant", "t1", "1");
        TestContext.USER.set("u1");
        TestContext.tenant = "t1";
        assertFalse(gate.enter(), "user comes first");
        reload("""
                groups:
                  tenant: dev.pancake.agent.engine.TestContext#tenant()
                  user: dev.pancake.agent.engine.TestContext#USER
                flags:
                  F: {type: flag}
                """);
        assertTrue(gate.enter(), "after the edit, tenant comes first");
    }

    @Test
    void anOverrideOfAnotherIdOrAnotherFlagDoesNotApply() {
        start(GROUPS + "flags:\n  F: {type: flag, default: false}\n  G: {type: flag, default: false}\n");
        MethodGate gate = gate(FlagType.FLAG, "F", "text");
        override("F", "user", "u2", "1");
        override("G", "user", "u1", "1");
        TestContext.USER.set("u1");
        assertFalse(gate.enter());
        TestContext.USER.set("u2");
        assertTrue(gate.enter());
    }

    @Test
    void anOverrideValueThatIsNotZeroOrOneCountsAsAbsent() {
        start(GROUPS + "flags:\n  F: {type: flag, default: true}\n");
        MethodGate gate = gate(FlagType.FLAG, "F", "text");
        override("F", "user", "u1", "0");
        TestContext.USER.set("u1");
        assertFalse(gate.enter());
        write("FLAG:pancake:k:user:F:u1", "off");
        assertTrue(gate.enter());
        assertEquals(1, logLines("FLAG:pancake:k:user:F:u1 holds \"off\"").size());
    }

    static Stream<Arguments> accessors() {
        return Stream.of(
                Arguments.of("a static field", "TestContext#plainField", (Consumer<String>) id -> TestContext.plainField = id),
                Arguments.of("a ThreadLocal field", "TestContext#USER", (Consumer<String>) TestContext.USER::set),
                Arguments.of("a static no-arg method", "TestContext#tenant()", (Consumer<String>) id -> TestContext.tenant = id),
                Arguments.of("a ThreadLocal of a record, then a record accessor", "TestContext#CURRENT.id",
                        (Consumer<String>) id -> TestContext.CURRENT.set(new TestContext.User(id, null))),
                Arguments.of("a record accessor, then a public field", "TestContext#CURRENT.account.region",
                        (Consumer<String>) id -> TestContext.CURRENT.set(
                                new TestContext.User("x", new TestContext.Account(id, 0L)))),
                Arguments.of("a getter (getNumber) of a Long", "TestContext#CURRENT.account.number",
                        (Consumer<String>) id -> TestContext.CURRENT.set(
                                new TestContext.User("x", new TestContext.Account("r", Long.valueOf(id))))),
                Arguments.of("a method returning an Optional, then a property", "TestContext#maybeUser().id",
                        (Consumer<String>) id -> TestContext.CURRENT.set(new TestContext.User(id, null))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("accessors")
    void everyAccessorShapeOfTheSpecYieldsTheGroupId(String shape, String accessor, Consumer<String> setId) {
        start("groups:\n  g: dev.pancake.agent.engine." + accessor + "\nflags:\n  F: {type: flag, default: false}\n");
        MethodGate gate = gate(FlagType.FLAG, "F", "text");
        override("F", "g", "7", "1");
        assertFalse(gate.enter(), "no id yet: the group is skipped");
        setId.accept("7");
        assertTrue(gate.enter(), shape);
        setId.accept("8");
        assertFalse(gate.enter(), shape);
        assertEquals(List.of(), logLines("WARN"));
    }

    @Test
    void anAccessorThatIsMissingIsReportedOnceAndItsGroupIsSkipped() {
        start("""
                groups:
                  user: dev.pancake.agent.engine.NoSuchContext#USER
                  region: dev.pancake.agent.engine.TestContext#CURRENT.account.city
                  field: dev.pancake.agent.engine.TestContext#nothing
                  tenant: dev.pancake.agent.engine.TestContext#tenant()
                flags:
                  F: {type: flag, default: false}
                """);
        MethodGate gate = gate(FlagType.FLAG, "F", "text");
        override("F", "user", "u1", "0");
        override("F", "region", "Berlin", "0");
        override("F", "field", "x", "0");
        override("F", "tenant", "t1", "1");
        TestContext.USER.set("u1");
        TestContext.tenant = "t1";
        TestContext.CURRENT.set(new TestContext.User("x", new TestContext.Account("Berlin", 1L)));
        for (int i = 0; i < 5; i++) {
            assertTrue(gate.enter(), "user, region and field are skipped, tenant decides");
        }
        List<String> warnings = logLines("WARN");
        assertEquals(3, warnings.size(), String.join("\n", warnings));
        assertTrue(warnings.get(0).startsWith("[pancake] WARN pancake.yml:2: group user: accessor dev.pancake.agent.engine.NoSuchContext#USER"
                + " cannot be used from "), warnings.get(0));
        assertTrue(warnings.get(0).endsWith(": class dev.pancake.agent.engine.NoSuchContext not found; the group is skipped"),
                warnings.get(0));
        assertEquals("[pancake] WARN pancake.yml:3: group region: accessor dev.pancake.agent.engine.TestContext#CURRENT.account.city cannot be"
                + " used: no property city on dev.pancake.agent.engine.TestContext$Account (looked for getCity(), isCity(),"
                + " a record component city and a public field city; other methods are never called); the group is skipped", warnings.get(1));
        assertTrue(warnings.get(2).contains("group field: accessor dev.pancake.agent.engine.TestContext#nothing cannot be used"
                + " from "), warnings.get(2));
        assertTrue(warnings.get(2).endsWith("no static field nothing in dev.pancake.agent.engine.TestContext (write"
                + " dev.pancake.agent.engine.TestContext#nothing() for a method); the group is skipped"), warnings.get(2));
        assertTrue(engine.flag(FlagType.FLAG, "F").counters().get(Counters.ERROR) >= 3);
    }

    @Test
    void anAccessorThatThrowsIsReportedOnceAndItsGroupIsSkippedForThoseCalls() {
        start("""
                groups:
                  user: dev.pancake.agent.engine.TestContext#failing()
                flags:
                  F: {type: flag, default: false}
                """);
        MethodGate gate = gate(FlagType.FLAG, "F", "text");
        override("F", "user", "ok", "1");
        TestContext.failure = new IllegalStateException("no request in scope");
        for (int i = 0; i < 5; i++) {
            assertFalse(gate.enter());
        }
        assertEquals(List.of("[pancake] WARN group user: accessor dev.pancake.agent.engine.TestContext#failing() threw"
                + " java.lang.IllegalStateException: no request in scope; the group is skipped for the calls where it throws"),
                logLines("WARN"));
        assertEquals(5, engine.flag(FlagType.FLAG, "F").counters().get(Counters.ERROR));
        TestContext.failure = null;
        assertTrue(gate.enter(), "the accessor works again: its id \"ok\" has an override");
    }

    // ---- Sample

    @Test
    void sampleAtZeroIsNeverActiveAndAtOneHundredAlways() {
        start("flags:\n  NEVER: {type: sample, default: 0}\n  ALWAYS: {type: sample, default: 100}\n");
        assertEquals(0, activeCount(gate(FlagType.SAMPLE, "NEVER", "text"), 20_000));
        assertEquals(20_000, activeCount(gate(FlagType.SAMPLE, "ALWAYS", "text"), 20_000));
    }

    @Test
    void sampleDrawsOnEveryCall() {
        start("flags:\n  S: {type: sample, default: 30}\n");
        MethodGate gate = gate(FlagType.SAMPLE, "S", "text");
        int active = activeCount(gate, 20_000);
        assertTrue(active > 5_400 && active < 6_600, "active " + active + " of 20000 at 30 %");
        command(FlagType.SAMPLE, "S", "set", null, null, "72.5");
        active = activeCount(gate, 20_000);
        assertTrue(active > 13_900 && active < 15_100, "active " + active + " of 20000 at 72.5 %");
    }

    @Test
    void theRandomDrawsThresholdIsExactAtTheEdgesAndNeverLosesATinyPercentage() {
        assertEquals(0, Evaluation.threshold(0));
        assertEquals(0, Evaluation.threshold(-0.0));
        assertEquals(1L << 53, Evaluation.threshold(100));
        assertEquals(1L << 52, Evaluation.threshold(50));
        assertEquals(1, Evaluation.threshold(1e-300), "a tiny percentage is still sometimes active, as it was with a double draw");
        assertTrue(Evaluation.threshold(99.99999999999999) <= 1L << 53);
        long previous = 0;
        for (int i = 1; i <= 10_000; i++) { // raising the percentage never lowers the bound
            long t = Evaluation.threshold(i / 100.0);
            assertTrue(t >= previous, i / 100.0 + " %");
            previous = t;
        }
    }

    @Test
    void aStoredPercentageOutsideZeroToOneHundredCountsAsAbsent() {
        start("flags:\n  S: {type: sample, default: 100}\n");
        MethodGate gate = gate(FlagType.SAMPLE, "S", "text");
        write("SAMPLE:pancake:S", "150");
        assertEquals(1_000, activeCount(gate, 1_000));
        write("SAMPLE:pancake:S", "0.0");
        assertEquals(0, activeCount(gate, 1_000));
        assertEquals(1, logLines("SAMPLE:pancake:S holds \"150\", expected a percentage in 0..100").size());
    }

    private Set<String> activeIds(MethodGate gate, int ids) {
        Set<String> active = new HashSet<>();
        for (int i = 0; i < ids; i++) {
            TestContext.USER.set("user-" + i);
            boolean first = gate.enter();
            for (int j = 0; j < 3; j++) {
                assertEquals(first, gate.enter(), "user-" + i + " must always get the same answer");
            }
            if (first) {
                active.add("user-" + i);
            }
        }
        return active;
    }

    @Test
    void aStickySampleGivesEachIdOneAnswerAndRaisingThePercentageOnlyAddsIds() {
        start(GROUPS + "flags:\n  S: {type: sample, default: 10, sticky: user}\n");
        MethodGate gate = gate(FlagType.SAMPLE, "S", "text");
        Set<String> previous = Set.of();
        for (String percent : new String[] {"10", "25", "50", "80", "100"}) {
            command(FlagType.SAMPLE, "S", "set", null, null, percent);
            Set<String> active = activeIds(gate, 4_000);
            assertTrue(active.containsAll(previous), "raising to " + percent + " % dropped ids");
            double share = active.size() / 40.0;
            assertEquals(Double.parseDouble(percent), share, 3.0, "share of ids at " + percent + " %");
            previous = active;
        }
        command(FlagType.SAMPLE, "S", "set", null, null, "25");
        Set<String> lowered = activeIds(gate, 4_000);
        command(FlagType.SAMPLE, "S", "set", null, null, "25");
        assertEquals(lowered, activeIds(gate, 4_000), "the same ids at the same percentage");
    }

    @Test
    void aStickySampleWithoutAnIdDrawsOnEveryCall() {
        start(GROUPS + "flags:\n  S: {type: sample, default: 50, sticky: user}\n");
        MethodGate gate = gate(FlagType.SAMPLE, "S", "text");
        int active = activeCount(gate, 4_000);
        assertTrue(active > 1_700 && active < 2_300, "active " + active + " of 4000 without a user");
    }

    // ---- declarations

    @Test
    void anUndeclaredFlagIsInactiveEvenWithAStoredValueAndWarnsOnceNamingTheMethod() throws Throwable {
        start("flags:\n  OTHER: {}\n");
        store.set("SWITCH:pancake:NOPE", "1");
        store.set("SAMPLE:pancake:NOPE", "100");
        MethodGate s = gate(FlagType.SWITCH, "nope", "text");
        MethodGate p = gate(FlagType.SAMPLE, "NOPE", "count");
        engine.flush();
        assertFalse(s.enter());
        assertEquals(0, activeCount(p, 1_000));
        assertEquals(0, fallback(p));
        gate(FlagType.SWITCH, "NOPE", "text");
        assertFalse(api(FlagType.SWITCH, "NOPE").isActive());
        assertEquals(List.of(
                "[pancake] WARN flag NOPE used by dev.pancake.agent.engine.Returns#text() is not declared in pancake.yml;"
                        + " it stays inactive",
                "[pancake] WARN flag NOPE used by dev.pancake.agent.engine.Returns#count() is not declared in pancake.yml;"
                        + " it stays inactive",
                "[pancake] WARN switch NOPE used by dev.pancake.agent.engine.EngineTest (Switch.of) is not declared in"
                        + " pancake.yml; it stays inactive"),
                logLines("WARN"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> engine.command(FlagType.SWITCH, "NOPE", Verb.ENABLE, null, null, null));
        assertEquals("switch NOPE is not declared in pancake.yml", e.getMessage());
    }

    @Test
    void aTypeInPancakeYmlThatDisagreesWithTheAnnotationIsReportedAndTheAnnotationWins() {
        start("flags:\n  X: {type: sample, default: 100}\n");
        MethodGate gate = gate(FlagType.SWITCH, "X", "text");
        assertTrue(gate.enter(), "the sample's default of 100 % reads as an active switch");
        write("SAMPLE:pancake:X", "0");
        assertTrue(gate.enter(), "the switch reads SWITCH:pancake:X, not the sample's key");
        write("SWITCH:pancake:X", "0");
        assertFalse(gate.enter());
        assertEquals(List.of("[pancake] WARN flag X is declared as a sample in pancake.yml (line 2) but"
                + " dev.pancake.agent.engine.Returns#text() uses it as a switch; the annotation wins: the method reads"
                + " SWITCH:pancake:X"), logLines("WARN"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> engine.command(FlagType.SWITCH, "X", Verb.ENABLE, null, null, null));
        assertEquals("X is declared as a sample in pancake.yml (line 2), not as a switch", e.getMessage());
    }

    // ---- fallbacks through the gate

    @Test
    void aFallbackThatDoesNotFitIsReportedWhenTheMethodIsInstrumentedAndTheCallThenThrows() {
        start("""
                flags:
                  F:
                    fallback: {return: 42}
                    methods:
                      "dev.pancake.agent.engine.Returns#search": {call: missing}
                """);
        MethodGate text = gate(FlagType.SWITCH, "F", "text");
        MethodGate search = gate(FlagType.SWITCH, "F", "search");
        MethodGate count = gate(FlagType.SWITCH, "F", "count");
        List<String> errors = logLines("ERROR");
        assertEquals(List.of(
                "[pancake] ERROR flag F: the fallback of dev.pancake.agent.engine.Returns#search(java.lang.String, int) does"
                        + " not fit: {call: missing}: dev.pancake.agent.engine.Returns has no method missing(java.lang.String,"
                        + " int); while the flag is inactive the method throws FeatureDisabledException"), errors);
        FeatureDisabledException e = assertThrows(FeatureDisabledException.class,
                () -> search.fallback(Returns.class, new Returns(), new Object[] {"q", 1}));
        assertEquals("F", e.flagName());
        assertTrue(e.getMessage().startsWith("feature F is disabled, and the fallback of"), e.getMessage());
        assertThrows(FeatureDisabledException.class, () -> fallback(gate(FlagType.SWITCH, "F", "other")));
        assertEquals(2, logLines("ERROR").size(), "Returns#other() cannot return 42 either");
        try {
            assertEquals("42", fallback(text), "{return: 42} as text");
            assertEquals(42, fallback(count));
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    @Test
    void aFallbackThatFailsAtRunTimeIsReportedOnceAndThenThrows() {
        start("flags:\n  F: {fallback: {call: legacySearch}}\n");
        MethodGate search = gate(FlagType.SWITCH, "F", "search");
        for (int i = 0; i < 3; i++) {
            // as if the class at run time were not the one described: resolving the call fails
            assertThrows(FeatureDisabledException.class,
                    () -> search.fallback(TestContext.class, new Returns(), new Object[] {"q", 1}));
        }
        List<String> errors = logLines("ERROR");
        assertEquals(1, errors.size(), String.join("\n", errors));
        assertTrue(errors.get(0).startsWith("[pancake] ERROR flag F: the fallback of dev.pancake.agent.engine.Returns#search("
                + "java.lang.String, int) cannot be used: cannot call"), errors.get(0));
    }

    @Test
    void aMethodsEntryThatNamesNoGatedMethodIsReportedOnceTheClassIsInstrumented() {
        start("""
                flags:
                  F:
                    methods:
                      "dev.pancake.agent.engine.Returns#text": {return: "x"}
                      "dev.pancake.agent.engine.Returns#txet": {return: "x"}
                      "dev.pancake.agent.engine.Returns#count": {return: 1}
                      "com.example.NotLoaded#text": skip
                  G: {}
                """);
        gate(FlagType.SWITCH, "F", "text");
        gate(FlagType.SWITCH, "G", "count");
        engine.classInstrumented("dev.pancake.agent.engine.Returns");
        assertEquals(List.of(
                "[pancake] WARN pancake.yml (line 2): flags.F.methods names dev.pancake.agent.engine.Returns#txet, but no"
                        + " method txet of dev.pancake.agent.engine.Returns is gated by F; the entry has no effect",
                "[pancake] WARN pancake.yml (line 2): flags.F.methods names dev.pancake.agent.engine.Returns#count, but no"
                        + " method count of dev.pancake.agent.engine.Returns is gated by F; the entry has no effect"),
                logLines("WARN"));
    }

    // ---- reloads

    @Test
    void anEditedDefaultAppliesToAnInstrumentedMethod() {
        start("flags:\n  F: {default: false}\n  S: {type: sample, default: 0}\n");
        MethodGate f = gate(FlagType.SWITCH, "F", "text");
        MethodGate s = gate(FlagType.SAMPLE, "S", "text");
        assertFalse(f.enter());
        reload("flags:\n  F: {default: true}\n  S: {type: sample, default: 100}\n");
        assertTrue(f.enter());
        assertEquals(100, activeCount(s, 100));
        write("SWITCH:pancake:F", "0");
        assertFalse(f.enter(), "a stored value still beats the default");
    }

    @Test
    void anEditedFallbackAppliesToAnInstrumentedMethod() throws Throwable {
        start("flags:\n  F: {fallback: skip}\n");
        MethodGate count = gate(FlagType.SWITCH, "F", "count");
        MethodGate search = gate(FlagType.SWITCH, "F", "search");
        assertEquals(0, fallback(count));
        reload("flags:\n  F: {fallback: {return: 7}}\n");
        assertEquals(7, fallback(count));
        reload("flags:\n  F: {fallback: throw}\n");
        assertThrows(FeatureDisabledException.class, () -> fallback(count));
        reload("""
                flags:
                  F:
                    fallback: skip
                    methods:
                      "dev.pancake.agent.engine.Returns#count": {return: -1}
                      "dev.pancake.agent.engine.Returns#search": {call: legacySearch}
                """);
        assertEquals(-1, fallback(count));
        assertEquals("legacy q 2 on Returns", search.fallback(Returns.class, new Returns(), new Object[] {"q", 2}));
    }

    @Test
    void aFlagAddedByAnEditIsReadAndOneRemovedBecomesInactive() {
        start("flags:\n  OTHER: {}\n");
        store.set("SWITCH:pancake:LATE", "1");
        MethodGate gate = gate(FlagType.SWITCH, "LATE", "text");
        assertFalse(gate.enter());
        reload("flags:\n  LATE: {default: false}\n");
        assertTrue(gate.enter(), "declared now: its stored value counts");
        reload("flags:\n  OTHER: {}\n");
        assertFalse(gate.enter());
        assertEquals(2, logLines("flag LATE used by dev.pancake.agent.engine.Returns#text() is not declared").size(),
                "reported again when an edit removes it again");
    }

    @Test
    void anEditedTypeIsReportedAgainstTheAnnotation() {
        start("flags:\n  X: {type: switch}\n");
        gate(FlagType.SWITCH, "X", "text");
        assertEquals(List.of(), logLines("WARN"));
        reload("flags:\n  X: {type: flag}\n");
        assertEquals(1, logLines("flag X is declared as a flag in pancake.yml (line 2) but").size());
        reload("flags:\n  X: {type: switch}\n");
        reload("flags:\n  X: {type: flag}\n");
        assertEquals(2, logLines("flag X is declared as a flag in pancake.yml (line 2) but").size());
    }

    @Test
    void editedGroupsApplyToAnInstrumentedMethod() {
        start("groups:\n  user: dev.pancake.agent.engine.TestContext#USER\nflags:\n  F: {type: flag}\n");
        MethodGate gate = gate(FlagType.FLAG, "F", "text");
        override("F", "user", "t1", "1");
        TestContext.tenant = "t1";
        assertFalse(gate.enter());
        reload("groups:\n  user: dev.pancake.agent.engine.TestContext#tenant()\nflags:\n  F: {type: flag}\n");
        assertTrue(gate.enter(), "the user group now reads the tenant");
    }

    // ---- the programmatic API

    @Test
    void theApiWritesAndReadsEveryVerb() {
        start(GROUPS + "flags:\n  SW: {}\n  FL: {type: flag}\n  SA: {type: sample, default: 0}\n");
        FlagHandle sw = api(FlagType.SWITCH, "sw");
        sw.command("enable", null, null, null);
        assertTrue(sw.isActive());
        sw.command("disable", null, null, null);
        assertFalse(sw.isActive());
        FlagHandle fl = api(FlagType.FLAG, "FL");
        TestContext.USER.set("u1");
        fl.command("enable-group", "user", "u1", null);
        assertTrue(fl.isActive());
        assertFalse(fl.isActiveGlobally());
        fl.command("clear-all-group", "user", null, null);
        assertFalse(fl.isActive());
        FlagHandle sa = api(FlagType.SAMPLE, "SA");
        sa.command("set", null, null, "100");
        assertTrue(sa.isActive());
        assertTrue(sa.isActiveGlobally());
        sa.command("clear", null, null, null);
        assertFalse(sa.isActive());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> fl.command("enable-group", "team", "x", null));
        assertEquals("unknown group team; pancake.yml declares the groups [user, tenant]", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> sa.command("set", null, null, "101"));
        assertEquals("sample SA: expected a percentage in 0..100, got \"101\"", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> sw.command("set", null, null, "1"));
        assertEquals("a switch cannot set; a switch can enable, disable, clear", e.getMessage());
    }

    @Test
    void theGatesOfACollectedClassLoaderGiveTheirBridgeNumbersToNewGates() throws InterruptedException {
        start("flags:\n  SW: {}\n");
        int id = gateOfADroppedLoader();
        long deadline = System.nanoTime() + 60_000_000_000L;
        // the engine learns of the collection when the JVM queues the loader's reference, which may come
        // after the test's own reference is cleared: await both
        while ((dropped.get() != null || !engine.gates().isEmpty()) && System.nanoTime() < deadline) {
            System.gc();
            Thread.sleep(10); // the poll interval of this await (deadline above)
        }
        assertEquals(null, dropped.get(), "the loader was not collected");
        assertEquals(List.of(), engine.gates(), "the collected loader's gate is forgotten");
        MethodGate next = gate(FlagType.SWITCH, "SW", "count");
        assertEquals(id, next.id(), "the collected loader's gate number goes to the next gate");
        assertEquals(List.of(next), engine.gates(), "the collected loader's gate is forgotten");
    }

    private WeakReference<ClassLoader> dropped;

    /** Makes a gate for a class loader that nothing keeps once this returns; returns the gate's number. */
    private int gateOfADroppedLoader() {
        ClassLoader loader = new URLClassLoader(new URL[0], null);
        dropped = new WeakReference<>(loader);
        return engine.gate(FlagType.SWITCH, "SW", TestShapes.method(Returns.class, "count"), loader).id();
    }
}
