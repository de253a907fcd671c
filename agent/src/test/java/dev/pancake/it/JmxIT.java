package dev.pancake.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import javax.management.MBeanAttributeInfo;
import javax.management.MBeanInfo;
import javax.management.MBeanOperationInfo;
import javax.management.openmbean.CompositeData;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import dev.pancake.testkit.ForkedJvm;
import dev.pancake.testkit.RedisExtension;
import dev.pancake.testkit.TestRedis;

/**
 * The MBean {@code dev.pancake:type=Pancake} of the real agent jar, read and driven over a real
 * JMX connection, with JDK types only (as JConsole, VisualVM or jmxterm would).
 */
@ExtendWith(RedisExtension.class)
class JmxIT {

    static Stream<Path> jdks() {
        return ForkedJvm.jdks().stream();
    }

    private final TestRedis redis;

    JmxIT(TestRedis redis) {
        this.redis = redis;
    }

    @BeforeEach
    void clean() {
        redis.flushAll();
    }

    private AgentApp start(Path jdk) {
        return AgentApp.on(jdk).config(AdminPageIT.config(redis, "")).start();
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void aConsoleThatAttachesSeesEveryFlagWithItsStateAndCounts(Path jdk) throws Exception {
        AdminPageIT.hostileOverride(redis);
        try (AgentApp app = start(jdk); JmxClient jmx = JmxClient.attach(app.jvm().pid()).awaitPancake()) {
            app.call("Shop#checkout");
            app.call("Shop#checkout");
            app.call("Shop#staticCount");
            AdminHttp.await("three calls are counted", () -> count(jmx, "NEW_CHECKOUT", "inactive") == 3);
            CompositeData checkout = flag(jmx, "NEW_CHECKOUT");
            assertEquals("switch", checkout.get("type"));
            assertEquals("false", checkout.get("current"));
            assertEquals("false", checkout.get("default"));
            assertNull(checkout.get("stored"));
            assertEquals(true, checkout.get("declared"));
            assertEquals(0L, checkout.get("active"));
            assertEquals(3L, checkout.get("fallback"));
            assertEquals(0L, checkout.get("error"));
            assertTrue(Arrays.asList((String[]) checkout.get("methods")).toString()
                    .contains("dev.pancake.fixture.Shop#checkout"), Arrays.toString((String[]) checkout.get("methods")));

            CompositeData[] overrides = (CompositeData[]) flag(jmx, "BETA_SEARCH").get("overrides");
            assertEquals(1, overrides.length);
            assertEquals("user", overrides[0].get("group"));
            assertEquals(AdminPageIT.XSS, overrides[0].get("id"));
            assertEquals("true", overrides[0].get("state"));
            assertEquals("25.0", flag(jmx, "SEARCH_RANKING").get("current"));

            assertEquals("pancake", jmx.get("Namespace"));
            assertEquals(true, jmx.get("StoreReachable"));
            assertTrue(((String) jmx.get("Store")).startsWith("Redis redis://"), (String) jmx.get("Store"));
            assertTrue(((String) jmx.get("ConfigFile")).endsWith("pancake.yml"));
            String list = (String) jmx.invoke("list");
            assertTrue(list.startsWith("NAME "), list);
            assertTrue(Pattern.compile("(?m)^SEARCH_RANKING +sample +25\\.0 +25\\.0$").matcher(list).find(), list);
            assertTrue(Pattern.compile("(?m)^NEW_CHECKOUT +switch +false +false$").matcher(list).find(), list);
        }
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void operationsOfEveryCliCommandWriteFlaskPancakesKeys(Path jdk) throws Exception {
        try (AgentApp app = start(jdk); JmxClient jmx = JmxClient.attach(app.jvm().pid()).awaitPancake()) {
            assertEquals("switch NEW_CHECKOUT: enable done; now true", jmx.invoke("enableSwitch", "new_checkout"));
            assertEquals("1", redis.get("SWITCH:pancake:NEW_CHECKOUT"));
            assertEquals("= String:new checkout", app.call("Shop#checkout"));
            jmx.invoke("disableSwitch", "NEW_CHECKOUT");
            assertEquals("0", redis.get("SWITCH:pancake:NEW_CHECKOUT"));
            jmx.invoke("clearSwitch", "NEW_CHECKOUT");
            assertNull(redis.get("SWITCH:pancake:NEW_CHECKOUT"));

            jmx.invoke("enableFlag", "BETA_SEARCH");
            assertEquals("1", redis.get("FLAG:pancake:BETA_SEARCH"));
            jmx.invoke("disableFlag", "BETA_SEARCH");
            assertEquals("0", redis.get("FLAG:pancake:BETA_SEARCH"));
            jmx.invoke("clearFlag", "BETA_SEARCH");
            assertNull(redis.get("FLAG:pancake:BETA_SEARCH"));
            jmx.invoke("enableFlagGroup", "BETA_SEARCH", "user", "42");
            jmx.invoke("disableFlagGroup", "BETA_SEARCH", "user", "7");
            assertEquals("1", redis.get("FLAG:pancake:k:user:BETA_SEARCH:42"));
            assertEquals("0", redis.get("FLAG:pancake:k:user:BETA_SEARCH:7"));
            assertEquals(2, ((CompositeData[]) flag(jmx, "BETA_SEARCH").get("overrides")).length);
            jmx.invoke("clearFlagGroup", "BETA_SEARCH", "user", "42");
            assertNull(redis.get("FLAG:pancake:k:user:BETA_SEARCH:42"));
            assertEquals(java.util.Set.of("FLAG:pancake:k:user:BETA_SEARCH:7"),
                    redis.smembers("FLAG:pancake:t:user:BETA_SEARCH"));
            jmx.invoke("clearAllFlagGroup", "BETA_SEARCH", "user");
            assertNull(redis.get("FLAG:pancake:k:user:BETA_SEARCH:7"));
            assertTrue(redis.smembers("FLAG:pancake:t:user:BETA_SEARCH").isEmpty());

            assertEquals("sample SEARCH_RANKING: set done; now 42.5", jmx.invoke("setSample", "SEARCH_RANKING", "42.5"));
            assertEquals("42.5", redis.get("SAMPLE:pancake:SEARCH_RANKING"));
            assertEquals("42.5", flag(jmx, "SEARCH_RANKING").get("current"));
            jmx.invoke("clearSample", "SEARCH_RANKING");
            assertNull(redis.get("SAMPLE:pancake:SEARCH_RANKING"));
        }
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void mistakesThrowExceptionsWithOneClearMessage(Path jdk) throws Exception {
        try (AgentApp app = start(jdk); JmxClient jmx = JmxClient.attach(app.jvm().pid()).awaitPancake()) {
            assertFailure(jmx, "switch NOPE is not declared in ", "enableSwitch", "nope");
            assertFailure(jmx, "unknown group team; ", "enableFlagGroup", "BETA_SEARCH", "team", "1");
            assertFailure(jmx, "sample SEARCH_RANKING: expected a percentage in 0..100, got \"150\"", "setSample",
                    "SEARCH_RANKING", "150");
            assertFailure(jmx, "sample SEARCH_RANKING: expected a percentage in 0..100, got \"lots\"", "setSample",
                    "SEARCH_RANKING", "lots");
            assertFailure(jmx, "a group member id must not be empty", "enableFlagGroup", "BETA_SEARCH", "user", "");
            assertFailure(jmx, "a switch name is required", "enableSwitch", " ");
            assertNull(redis.get("SAMPLE:pancake:SEARCH_RANKING"));
            assertFalse((Boolean) jmx.get("ForTests"));
            String refused = "only a test JVM, whose agent was started with store=memory, can switch to a test Redis;"
                    + " this one uses the store pancake.yml names";
            assertFailure(jmx, IllegalStateException.class, refused, "useTestRedis", "redis://127.0.0.1:1");
            assertFailure(jmx, IllegalStateException.class, refused, "useMemoryStore");
            assertEquals("pancake", jmx.get("Namespace"));
            String store = (String) jmx.get("Store");
            assertTrue(store.startsWith("Redis redis://") && store.contains(":" + redis.port()), store);
            assertTrue(app.stderr().isEmpty(), "user mistakes are answered, not logged: " + app.stderr());
        }
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void everyCliCommandHasAnOperationAndEveryAttributeIsAnOpenType(Path jdk) throws Exception {
        try (AgentApp app = start(jdk); JmxClient jmx = JmxClient.attach(app.jvm().pid()).awaitPancake()) {
            MBeanInfo info = jmx.connection.getMBeanInfo(JmxClient.PANCAKE);
            List<String> operations = new ArrayList<>();
            for (MBeanOperationInfo op : info.getOperations()) {
                operations.add(op.getName() + "/" + op.getSignature().length);
            }
            operations.sort(null);
            assertEquals(List.of("clearAllFlagGroup/2", "clearFlag/1", "clearFlagGroup/3", "clearSample/1",
                    "clearSwitch/1", "disableFlag/1", "disableFlagGroup/3", "disableSwitch/1", "enableFlag/1",
                    "enableFlagGroup/3", "enableSwitch/1", "history/2", "instances/0", "list/0", "listFleet/0",
                    "setSample/2", "stale/1", "useMemoryStore/0", "useTestRedis/1"),
                    operations);
            for (MBeanAttributeInfo a : info.getAttributes()) {
                assertTrue(a.getType().startsWith("java.lang.") || a.getType().startsWith("[Ljavax.management.openmbean.")
                        || a.getType().equals("boolean"), a.getName() + " is " + a.getType());
            }
        }
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void theHistoryTheFleetAndTheCleanUpAreOperations(Path jdk) throws Exception {
        redis.set("SWITCH:pancake:OLD_BANNER", "1"); // declared by no instance: an orphan
        try (AgentApp app = start(jdk); JmxClient jmx = JmxClient.attach(app.jvm().pid()).awaitPancake()) {
            jmx.invoke("enableSwitch", "NEW_CHECKOUT");
            app.call("Shop#checkout");
            String history = (String) invoke(jmx, "history", new Object[] {"new_checkout", 5}, "java.lang.String", "int");
            List<String> lines = history.lines().toList();
            assertEquals(2, lines.size(), history);
            assertTrue(lines.get(1).matches(".*NEW_CHECKOUT \\(switch\\) +enable: \\(absent\\) -> 1 +jmx +jmx .*"), history);
            assertTrue(((String) invoke(jmx, "history", new Object[] {"", 5}, "java.lang.String", "int"))
                    .contains("NEW_CHECKOUT"));
            AdminHttp.await("the instance's heartbeat is in Redis", () -> {
                try {
                    return ((String) jmx.invoke("instances")).contains("dev.pancake.fixture.FixtureMain")
                            && ((String) jmx.invoke("listFleet")).lines().anyMatch(l -> l.startsWith("NEW_CHECKOUT")
                                    && l.contains("1: dev.pancake.fixture.FixtureMain@"));
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
            });
            assertTrue(((String) jmx.invoke("instances")).contains(" " + app.jvm().pid() + " "), (String) jmx.invoke("instances"));
            String stale = (String) invoke(jmx, "stale", new Object[] {30}, "int");
            assertTrue(stale.lines().anyMatch(l -> l.startsWith("orphan") && l.contains("switch:OLD_BANNER")
                    && l.endsWith("redis-cli DEL SWITCH:pancake:OLD_BANNER")), stale);
            try {
                invoke(jmx, "history", new Object[] {"", 0}, "java.lang.String", "int");
                fail("a limit of 0 should fail");
            } catch (javax.management.RuntimeMBeanException e) {
                assertEquals("limit must be from 1 to 10000, got 0", e.getCause().getMessage());
            }
        }
    }

    private static Object invoke(JmxClient jmx, String operation, Object[] args, String... signature) throws Exception {
        return jmx.connection.invoke(JmxClient.PANCAKE, operation, args, signature);
    }

    private static void assertFailure(JmxClient jmx, String message, String operation, String... args) {
        assertFailure(jmx, IllegalArgumentException.class, message, operation, args);
    }

    private static void assertFailure(JmxClient jmx, Class<? extends RuntimeException> type, String message,
            String operation, String... args) {
        try {
            jmx.invoke(operation, args);
            fail(operation + Arrays.toString(args) + " should fail");
        } catch (Exception e) {
            Throwable t = e;
            while (t.getCause() != null && !type.isInstance(t)) {
                t = t.getCause();
            }
            assertTrue(type.isInstance(t), "expected " + type.getSimpleName() + ", got " + e);
            assertTrue(t.getMessage().startsWith(message), "expected '" + message + "...', got: " + t.getMessage());
            assertNull(t.getCause(), "no agent classes in the cause chain");
        }
    }

    private static CompositeData flag(JmxClient jmx, String name) throws Exception {
        for (CompositeData f : (CompositeData[]) jmx.get("Flags")) {
            if (f.get("name").equals(name)) {
                return f;
            }
        }
        throw new AssertionError("no flag " + name);
    }

    private static long count(JmxClient jmx, String name, String kind) {
        try {
            return (Long) flag(jmx, name).get(kind);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
