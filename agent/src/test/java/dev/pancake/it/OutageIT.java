package dev.pancake.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import dev.pancake.testkit.ForkedJvm;
import dev.pancake.testkit.TestRedis;

/**
 * The failure rules under real outages: a redis-server killed and restarted (empty) under a running app, a
 * paused one (accepts connections, never answers), a slow one, and a host that does not exist.
 * Gated calls keep answering from the last known values (then the defaults), never throw and
 * never wait for Redis; the agent says once that the store is down and once that it is back, and
 * what changed meanwhile takes effect.
 *
 * <p>Timing bounds are a quarter of timeout-ms, set large here (1-2 s): a gated call that waited
 * for Redis even once would take the whole timeout, a gated call that does not takes microseconds.
 */
@Tag("fault")
class OutageIT extends RedisAgentTests {

    static final String DOWN = "gated calls use the last known values";
    static final String BACK = "is reachable again";
    private static final String FEED_LOST = "DEBUG change feed from ";

    private static final String FLAGS = """
            flags:
              NEW_CHECKOUT: {default: false}
              STRICT: {default: false}
              RECOMMENDATIONS: {default: true}
            """;

    OutageIT(TestRedis redis) {
        super(redis);
    }

    @AfterEach
    void serverRunsAgain() {
        try {
            redis.resume();
        } catch (RuntimeException e) {
            // not paused, or stopped: restart below
        }
        try {
            redis.command("PING");
        } catch (RuntimeException e) {
            redis.restart();
        }
    }

    private AgentApp start(Path jdk, int timeoutMs) {
        return AgentApp.on(jdk).config(redisSection() + "  timeout-ms: " + timeoutMs + "\n" + FLAGS).start();
    }

    /** The app at log level debug, whose change feed says each time it failed to connect. */
    private AgentApp startDebug(Path jdk, String yaml) {
        return AgentApp.on(jdk).systemProperty("pancake.log.level", "debug").config(yaml).start();
    }

    /**
     * Awaits {@code count} more failed connects of the change feed. It retries with a backoff that
     * doubles from 50 ms to a second, so six failures span more than a second: at least one of the
     * store's own retries (every second) on an idle machine.
     */
    private static void awaitFeedFailures(AgentApp app, int count) {
        int seen = stderr(app, FEED_LOST).size();
        assertEquals(seen + count, awaitStderr(app, FEED_LOST, seen + count).size(), app.stderr().toString());
    }

    /** The stderr lines but the debug ones. */
    private static List<String> withoutDebug(AgentApp app) {
        return app.stderr().stream().filter(l -> !l.startsWith("[pancake] DEBUG ")).toList();
    }

    /** The longest of N gated calls, in milliseconds. */
    private static long longestCallMs(AgentApp app, int calls) {
        String answer = app.send("time " + calls + " dev.pancake.fixture.Shop#checkout");
        assertTrue(answer.startsWith("= Long:"), answer);
        return Long.parseLong(answer.substring("= Long:".length())) / 1_000;
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void killedAndRestartedRedisKeepsLastValuesThenResyncs(Path jdk) {
        try (AgentApp app = startDebug(jdk, redisSection() + "  timeout-ms: 1000\n" + FLAGS)) {
            redis.set("SWITCH:pancake:NEW_CHECKOUT", "1");
            app.awaitCall("= String:new checkout", "Shop#checkout");

            redis.stop();
            awaitStderr(app, DOWN, 1);
            for (int i = 0; i < 3; i++) { // several retries of the background thread
                assertEquals("= String:new checkout", app.call("Shop#checkout"), "the last known value wins");
                assertEquals("= Boolean:true", app.send("api switch NEW_CHECKOUT isActive"));
                assertEquals("= List12:[pancakes, syrup]", app.call("Shop#recommendations"), "then the default");
                long longest = longestCallMs(app, 200);
                assertTrue(longest < 250, "a gated call took " + longest + " ms while Redis was down");
                awaitFeedFailures(app, 2);
            }
            assertEquals(1, stderr(app, DOWN).size(), "one line when the store goes down: " + app.stderr());

            // it comes back empty (nothing was persisted), and another client changes a flag at once
            redis.restart();
            redis.set("SWITCH:pancake:STRICT", "1");
            app.awaitCall("= String:strict ran", "Shop#strict");
            app.awaitCall("= null", "Shop#checkout"); // NEW_CHECKOUT's key is gone: its default again
            awaitStderr(app, BACK, 1);

            // and the feed follows changes again
            redis.set("SWITCH:pancake:NEW_CHECKOUT", "1");
            app.awaitCall("= String:new checkout", "Shop#checkout");
            assertEquals(1, stderr(app, DOWN).size(), app.stderr().toString());
            assertEquals(1, stderr(app, BACK).size(), app.stderr().toString());
            assertEquals(2, withoutDebug(app).size(), "nothing else is logged: " + app.stderr());
        }
    }

    @Test
    void pausedRedisThatNeverAnswersDoesNotBlockGatedCalls() {
        try (AgentApp app = start(jdk(), 2_000)) {
            redis.set("SWITCH:pancake:NEW_CHECKOUT", "1");
            app.awaitCall("= String:new checkout", "Shop#checkout");

            redis.pause();
            // until the agent says it is down: the feed notices within 3 s, a read times out within 2 more
            long deadline = System.nanoTime() + AgentApp.TIMEOUT.toNanos();
            while (stderr(app, DOWN).isEmpty()) {
                assertTrue(System.nanoTime() < deadline, "no outage reported: " + app.stderr());
                long longest = longestCallMs(app, 50);
                assertTrue(longest < 500, "a gated call took " + longest + " ms while Redis was paused");
                assertEquals("= String:new checkout", app.call("Shop#checkout"));
            }
            assertEquals("= Boolean:true", app.send("api switch NEW_CHECKOUT isActive"));

            redis.resume();
            redis.set("SWITCH:pancake:NEW_CHECKOUT", "0");
            app.awaitCall("= null", "Shop#checkout");
            awaitStderr(app, BACK, 1);
            assertEquals(1, stderr(app, DOWN).size(), app.stderr().toString());
            assertEquals(1, stderr(app, BACK).size(), app.stderr().toString());
        }
    }

    @Test
    void slowRedisWithinTheTimeoutIsNoOutage() throws InterruptedException {
        try (AgentApp app = start(jdk(), 2_000)) {
            assertEquals("= null", app.call("Shop#checkout")); // the first call may wait for the first read
            AtomicBoolean slow = new AtomicBoolean(true);
            // answers, but only every 400 ms: these sleeps make the fault, they wait for nothing
            Thread stutter = new Thread(() -> {
                while (slow.get()) {
                    redis.pause();
                    sleep(300);
                    redis.resume();
                    sleep(100);
                }
            });
            stutter.start();
            try {
                for (int i = 0; i < 10; i++) {
                    redis.set("SWITCH:pancake:NEW_CHECKOUT", i % 2 == 0 ? "1" : "0");
                    long longest = longestCallMs(app, 50);
                    assertTrue(longest < 500, "a gated call took " + longest + " ms while Redis was slow");
                }
                redis.set("SAMPLE:pancake:UNUSED", "1"); // not ours: nothing to read
                redis.set("SWITCH:pancake:NEW_CHECKOUT", "1");
            } finally {
                slow.set(false);
                stutter.join();
            }
            app.awaitCall("= String:new checkout", "Shop#checkout");
            assertEquals(List.of(), stderr(app, DOWN), "a slow Redis is not down");
        }
    }

    @Test
    void hostThatDoesNotExistLeavesDefaultsAndOneLine() {
        String yaml = "redis:\n  url: redis://no-such-host.invalid:6379/0\n  timeout-ms: 1000\n" + FLAGS;
        try (AgentApp app = startDebug(jdk(), yaml)) {
            assertEquals("= null", app.call("Shop#checkout"));
            assertEquals("= List12:[pancakes, syrup]", app.call("Shop#recommendations"));
            long longest = longestCallMs(app, 200);
            assertTrue(longest < 250, "a gated call took " + longest + " ms");
            List<String> down = awaitStderr(app, DOWN, 1);
            assertTrue(down.get(0).contains("cannot reach Redis redis://no-such-host.invalid:6379/0"), down.toString());
            String write = app.send("api switch NEW_CHECKOUT enable");
            assertTrue(write.startsWith("! java.lang.IllegalStateException: pancake: cannot reach Redis"), write);
            awaitFeedFailures(app, 6);
            assertEquals(1, stderr(app, DOWN).size(), app.stderr().toString());
            assertEquals(1, withoutDebug(app).size(), "nothing else is logged: " + app.stderr());
        }
    }

    @Test
    void startupWithAPausedRedisWaitsOnceAtMostTheTimeout() {
        redis.set("SWITCH:pancake:NEW_CHECKOUT", "1");
        redis.pause();
        try (AgentApp app = start(jdk(), 1_000)) {
            long first = System.nanoTime();
            assertEquals("= null", app.call("Shop#checkout"), "the default, until Redis answers");
            long firstMs = (System.nanoTime() - first) / 1_000_000;
            assertTrue(firstMs < 10_000, "the first gated call took " + firstMs + " ms");
            long longest = longestCallMs(app, 200);
            assertTrue(longest < 250, "a gated call took " + longest + " ms after the first one gave up waiting");
            redis.resume();
            app.awaitCall("= String:new checkout", "Shop#checkout");
        }
    }

    static Path jdk() {
        return ForkedJvm.jdks().get(0);
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A flag's change and an outage are Java Flight Recorder events, as {@code jfr print} shows them. */
    @ParameterizedTest
    @MethodSource("jdks")
    void changesAndOutagesAreFlightRecorderEvents(Path jdk) throws Exception {
        try (AgentApp app = AgentApp.on(jdk).jvmArg("-XX:StartFlightRecording")
                .config(redisSection() + "  timeout-ms: 1000\n" + FLAGS).start()) {
            redis.set("SWITCH:pancake:NEW_CHECKOUT", "1");
            app.awaitCall("= String:new checkout", "Shop#checkout");
            redis.set("SWITCH:pancake:NEW_CHECKOUT", "0");
            app.awaitCall("= null", "Shop#checkout");
            redis.stop();
            awaitStderr(app, DOWN, 1);
            redis.restart();
            awaitStderr(app, BACK, 1);
            Path recording = app.dir().resolve("pancake.jfr");
            run(jdk.resolve("bin/jcmd"), String.valueOf(app.jvm().pid()), "JFR.dump", "name=1",
                    "filename=" + recording);
            String events = run(jdk.resolve("bin/jfr"), "print", "--events", "dev.pancake.FlagChange,dev.pancake.StoreOutage",
                    recording.toString());
            assertTrue(events.contains("dev.pancake.FlagChange {"), events);
            assertTrue(events.contains("flag = \"NEW_CHECKOUT\"") && events.contains("type = \"switch\"")
                    && events.contains("key = \"SWITCH:pancake:NEW_CHECKOUT\""), events);
            assertTrue(events.contains("before = \"1\"") && events.contains("after = \"0\""), events);
            assertTrue(events.contains("dev.pancake.StoreOutage {"), events);
            assertTrue(events.contains("store = \"Redis redis://"), events);
            assertFalse(events.contains("password"), events);
        }
    }

    private static String run(Path tool, String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>();
        command.add(tool.toString());
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS), tool + " did not end");
        assertEquals(0, p.exitValue(), tool + " " + String.join(" ", args) + ":\n" + out);
        return out;
    }
}
