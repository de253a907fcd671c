package dev.pancake.agent.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.pancake.agent.config.ArgumentOverrides;
import dev.pancake.agent.config.Config;
import dev.pancake.agent.config.ConfigParser;
import dev.pancake.agent.config.FlagType;
import dev.pancake.agent.protocol.Verb;
import dev.pancake.agent.store.Stores;
import dev.pancake.bridge.FlagHandle;
import dev.pancake.testkit.Await;
import dev.pancake.testkit.RedisExtension;
import dev.pancake.testkit.TestRedis;

/**
 * A test JVM's agent (started with {@code store=memory}) moving its flags to a real Redis of its
 * own and back, as pancake-junit asks it to for {@code @PancakeTest(redis = true)}.
 */
@ExtendWith(RedisExtension.class)
class ReconfigurationTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(20);
    private static final String YAML = """
            namespace: shop
            redis:
              url: %s
            flags:
              NEW_CHECKOUT: {type: switch}
            """;

    private final TestRedis redis;
    private Engine engine;

    ReconfigurationTest(TestRedis redis) {
        this.redis = redis;
    }

    @AfterEach
    void stop() {
        if (engine != null) {
            engine.close();
        }
    }

    private Reconfiguration start(String agentArgs) throws Exception {
        redis.flushAll();
        ArgumentOverrides overrides = ArgumentOverrides.parse(agentArgs);
        Config file = ConfigParser.parse(YAML.formatted(redis.url()), "pancake.yml", Map.<String, String>of()::get);
        Config config = overrides.apply(file);
        engine = new Engine(config, Stores.open(config.redis()));
        engine.start();
        engine.flush();
        return new Reconfiguration(engine, overrides);
    }

    @Test
    void aTestJvmKeepsItsFlagsInTheTestRedisUnderItsOwnNamespaceAndComesBack() throws Exception {
        Reconfiguration r = start("store=memory,admin=off");
        String namespace = engine.config().namespace();
        assertTrue(namespace.matches("pancake-test-[0-9a-z]{10}"), namespace);
        assertTrue(r.where().startsWith("in-memory"), r.where());

        String where = r.useTestRedis(redis.url());
        assertEquals(engine.store().describe() + ", namespace " + namespace, where);
        assertTrue(where.startsWith("Redis redis://"), where);

        FlagHandle api = engine.handle("SWITCH", "NEW_CHECKOUT", ReconfigurationTest.class);
        engine.command(FlagType.SWITCH, "NEW_CHECKOUT", Verb.ENABLE, null, null, null);
        assertEquals("1", redis.get("SWITCH:" + namespace + ":NEW_CHECKOUT"));
        assertNull(redis.get("SWITCH:shop:NEW_CHECKOUT"), "pancake.yml's namespace is never written");
        assertTrue(api.isActive());

        redis.set("SWITCH:" + namespace + ":NEW_CHECKOUT", "0"); // as any other client of that Redis could
        Await.until("the engine sees the test Redis's change", TIMEOUT, () -> !api.isActive());
        redis.set("SWITCH:shop:NEW_CHECKOUT", "1");
        redis.set("SWITCH:" + namespace + ":NEW_CHECKOUT", "0");
        engine.flush();
        assertFalse(api.isActive(), "the application's namespace is not read either");

        assertTrue(r.useTestRedis(null).startsWith("in-memory"));
        assertFalse(api.isActive());
        engine.command(FlagType.SWITCH, "NEW_CHECKOUT", Verb.ENABLE, null, null, null);
        assertTrue(api.isActive());
        assertEquals("0", redis.get("SWITCH:" + namespace + ":NEW_CHECKOUT"), "back in memory: Redis is not written");
    }

    @Test
    void aJvmThatUsesPancakeYmlsStoreRefusesToSwitch() throws Exception {
        Reconfiguration r = start(null);
        IllegalStateException refused = assertThrows(IllegalStateException.class, () -> r.useTestRedis(redis.url()));
        assertEquals("only a test JVM, whose agent was started with store=memory, can switch to a test Redis; this one"
                + " uses the store pancake.yml names", refused.getMessage());
        assertEquals("shop", engine.config().namespace());
        assertThrows(IllegalStateException.class, () -> r.useTestRedis(null));
        assertFalse(r.forTests());
    }

    @Test
    void aBadUrlIsRefused() throws Exception {
        Reconfiguration r = start("store=memory");
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> r.useTestRedis("localhost:6379"));
        assertEquals("expected a redis:// or rediss:// URL for the test Redis, got \"localhost:6379\"", refused.getMessage());
        assertTrue(r.where().startsWith("in-memory"), r.where());
    }

    @Test
    void aRedisThatDoesNotAnswerLeavesTheInMemoryStoreInPlace() throws Exception {
        Reconfiguration r = start("store=memory");
        String nobody = "redis://127.0.0.1:" + TestRedis.freePort();
        IllegalStateException refused = assertThrows(IllegalStateException.class, () -> r.useTestRedis(nobody));
        assertTrue(refused.getMessage().startsWith("the test Redis " + nobody + " cannot be used: "), refused.getMessage());
        assertTrue(r.where().startsWith("in-memory"), r.where());
        engine.command(FlagType.SWITCH, "NEW_CHECKOUT", Verb.ENABLE, null, null, null);
        assertTrue(engine.handle("SWITCH", "NEW_CHECKOUT", ReconfigurationTest.class).isActive());
    }
}
