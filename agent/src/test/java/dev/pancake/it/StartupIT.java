package dev.pancake.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import dev.pancake.testkit.RedisExtension;
import dev.pancake.testkit.TestRedis;

/**
 * The agent builds its engine on a background thread while the application starts. A gated call
 * or an API call that comes before it is ready waits for it, and for the store's first read, at
 * most timeout-ms (the default until pancake.yml is read): never an answer made without pancake.yml
 * or before the first read. A call that cannot wait that long fails closed (FailClosedIT); on a
 * loaded machine the agent may not have read pancake.yml within the default 100 ms of the first
 * call, so these tests accept that answer too, but only with the line that says so.
 */
@ExtendWith(RedisExtension.class)
class StartupIT {

    private final TestRedis redis;

    StartupIT(TestRedis redis) {
        this.redis = redis;
    }

    @ParameterizedTest
    @MethodSource("dev.pancake.it.Jdks#all")
    void firstCallOfTheApplicationSeesTheStoredValue(Path jdk) {
        redis.flushAll();
        redis.set("SWITCH:pancake:NEW_CHECKOUT", "1");
        String yaml = "redis:\n  url: " + redis.url() + "\n  timeout-ms: 1000\nflags:\n  NEW_CHECKOUT: {default: false}\n";
        try (AgentApp app = AgentApp.on(jdk).config(yaml).main("dev.pancake.fixture.EarlyMain").start()) {
            assertEarly("early gated=new checkout api=true", app);
            assertEquals("= String:new checkout", app.call("EarlyMain#early"));
        }
    }

    /**
     * Reading one server needs only a plain connection: the pooled client (and its few hundred
     * classes) is built on the first write, off the application's start-up path. Nor does the
     * handshake load Jedis's reply decoders, nor the agent spin lambda classes (each costs the
     * application's memory, and on Java 24+ makes the JVM compile its class-file generator).
     */
    @ParameterizedTest
    @MethodSource("dev.pancake.it.Jdks#all")
    void readingOneServerBuildsNoPooledClientUntilTheFirstWrite(Path jdk) throws Exception {
        redis.flushAll();
        redis.set("SWITCH:pancake:NEW_CHECKOUT", "1");
        String yaml = "redis:\n  url: " + redis.url() + "\nflags:\n  NEW_CHECKOUT: {default: false}\n";
        Path classes = Files.createTempFile("pancake-classes", ".log");
        try (AgentApp app = AgentApp.on(jdk).config(yaml).jvmArg("-Xlog:class+load=info:file=" + classes).start()) {
            assertEquals("= String:new checkout", app.call("Shop#checkout"));
            redis.set("SWITCH:pancake:NEW_CHECKOUT", "0");
            app.awaitCall("= null", "Shop#checkout");
            String loaded = Files.readString(classes);
            assertFalse(loaded.contains("shaded.redis.jedis.UnifiedJedis "), "the pooled client was built for reads");
            assertFalse(loaded.contains("shaded.pool2."), "a connection pool was built for reads");
            assertFalse(loaded.contains("shaded.redis.jedis.BuilderFactory"),
                    "Jedis's reply decoders (a hundred classes) were loaded for the handshake");
            List<String> lambdas = loaded.lines().filter(l -> l.contains("dev.pancake.agent.") && l.contains("$$Lambda"))
                    .toList();
            assertEquals(List.of(), lambdas, "the agent spun lambda classes on its way to the first reads");
            assertEquals("= String:ok", app.send("api switch NEW_CHECKOUT enable"));
            assertEquals("1", redis.get("SWITCH:pancake:NEW_CHECKOUT"));
            assertEquals("= String:new checkout", app.call("Shop#checkout"), "a writer sees its own change");
        } finally {
            Files.deleteIfExists(classes);
        }
    }

    @ParameterizedTest
    @MethodSource("dev.pancake.it.Jdks#all")
    void firstCallSeesTheDefaultOfPancakeYmlWhenRedisIsDown(Path jdk) throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        String yaml = "redis:\n  url: redis://127.0.0.1:" + closed + "/0\nflags:\n  NEW_CHECKOUT: {default: true}\n";
        try (AgentApp app = AgentApp.on(jdk).config(yaml).main("dev.pancake.fixture.EarlyMain").start()) {
            assertEarly("early gated=new checkout api=true", app);
            app.jvm().awaitStderr("[pancake] WARN cannot reach Redis", AgentApp.TIMEOUT);
            assertEquals("= String:new checkout", app.call("EarlyMain#early"));
        }
    }

    /**
     * EarlyMain's line is {@code expected}; or, if the agent was still starting when the gated call
     * had waited the default timeout-ms, the fail-closed answer (the skip fallback) together with
     * the line that reports it.
     */
    private static void assertEarly(String expected, AgentApp app) {
        String early = app.jvm().stdoutLines().get(0);
        if (!early.equals(expected)) {
            // the API call comes after the gated one, when the agent may be ready
            assertTrue(early.equals("early gated=null api=false") || early.equals("early gated=null api=true"),
                    "neither the decided nor the fail-closed answer: " + early);
            assertEquals(1, app.agentLines("WARN the agent is still starting after 100 ms").size(),
                    "failed closed without saying so: " + app.stderr());
        }
    }
}
