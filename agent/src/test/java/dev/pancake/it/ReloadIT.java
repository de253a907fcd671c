package dev.pancake.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import dev.pancake.testkit.TestRedis;

/**
 * Live reload of pancake.yml (within 2 s of an edit): edits reach methods that are already instrumented, without
 * a restart. The agent looks at the file every 500 ms; the waits here are generous timeouts, and
 * the measured times are printed.
 */
class ReloadIT extends RedisAgentTests {

    private final List<Duration> took = new ArrayList<>();

    ReloadIT(TestRedis redis) {
        super(redis);
    }

    private void edit(AgentApp app, String yaml, String expected, String classAndMethod, String... args) {
        app.writeConfig(redisSection() + yaml);
        took.add(app.awaitCall(expected, classAndMethod, args));
    }

    private void printTimes(Path jdk) {
        System.out.println("ReloadIT on " + jdk.getFileName() + ": edits applied after "
                + took.stream().map(d -> d.toMillis() + " ms").toList());
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void editedDefaultsAndFallbacksApplyToInstrumentedMethods(Path jdk) {
        try (AgentApp app = start(jdk, "flags:\n  NEW_CHECKOUT: {default: false}\n")) {
            assertEquals("= null", app.call("Shop#checkout"));
            edit(app, "flags:\n  NEW_CHECKOUT: {default: true}\n", "= String:new checkout", "Shop#checkout");
            edit(app, "flags:\n  NEW_CHECKOUT: {default: false, fallback: {return: \"closed\"}}\n", "= String:closed",
                    "Shop#checkout");
            assertTrue(app.call("Shop#staticCount").startsWith("! dev.pancake.FeatureDisabledException: feature NEW_CHECKOUT"
                    + " is disabled, and the fallback of dev.pancake.fixture.Shop#staticCount() does not fit: {return:"
                    + " \"closed\"} cannot be converted to int"), "{return: \"closed\"} cannot fit an int");
            assertEquals(1, awaitStderr(app, "dev.pancake.fixture.Shop#staticCount() does not fit", 1).size());
            edit(app, """
                    flags:
                      NEW_CHECKOUT:
                        default: false
                        fallback: {return: "closed"}
                        methods:
                          "dev.pancake.fixture.Shop#checkout": throw
                          "dev.pancake.fixture.Shop#staticCount": {return: -1}
                    """, "! dev.pancake.FeatureDisabledException: feature NEW_CHECKOUT is disabled", "Shop#checkout");
            assertEquals("= Integer:-1", app.call("Shop#staticCount"));
            printTimes(jdk);
        }
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void editedGroupsAndAddedOrRemovedFlagsApplyToInstrumentedMethods(Path jdk) {
        String flags = "flags:\n  BETA_OFF: {type: flag, default: false}\n";
        try (AgentApp app = start(jdk, FlagIT.GROUPS + flags)) {
            app.send("api flag BETA_OFF disableUser 42");
            app.send("api flag BETA_OFF enableGroup tenant acme");
            app.send("user 42");
            app.send("tenant acme");
            assertEquals("= null", app.call("Beta#off"), "user first");
            String reversed = """
                    groups:
                      tenant: dev.pancake.fixture.RequestContext#currentTenant()
                      user: dev.pancake.fixture.RequestContext#CURRENT_USER.id
                    """;
            edit(app, reversed + flags, "= String:beta", "Beta#off");
            edit(app, "groups:\n  user: dev.pancake.fixture.RequestContext#CURRENT_USER.id\n" + flags, "= null", "Beta#off");

            redis.set("FLAG:pancake:UNDECLARED", "1");
            assertEquals("= null", app.call("Beta#undeclared"), "not declared: inactive even though Redis says 1");
            edit(app, flags + "  UNDECLARED: {type: flag}\n", "= String:ran", "Beta#undeclared");
            edit(app, flags, "= null", "Beta#undeclared");
            assertEquals(2, awaitStderr(app, "flag UNDECLARED used by dev.pancake.fixture.Beta#undeclared() is not declared", 2).size(),
                    "reported at first use, and again when an edit removed it");
            printTimes(jdk);
        }
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void anEditedTypeIsReportedAgainstTheAnnotationWhichWins(Path jdk) {
        try (AgentApp app = start(jdk, "flags:\n  MISTYPED: {type: switch, default: true}\n")) {
            assertEquals("= String:ran", app.call("Beta#mistyped"));
            String mistyped = "flags:\n  MISTYPED: {type: flag, default: false}\n";
            edit(app, mistyped, "= null", "Beta#mistyped");
            String warning = "[pancake] WARN flag MISTYPED is declared as a flag in pancake.yml"
                    + " (line 4) but dev.pancake.fixture.Beta#mistyped() uses it as a switch; the annotation wins: the"
                    + " method reads SWITCH:pancake:MISTYPED";
            assertEquals(List.of(warning), awaitStderr(app, "is declared as a", 1));
            redis.set("SWITCH:pancake:MISTYPED", "1");
            app.awaitCall("= String:ran", "Beta#mistyped");
            printTimes(jdk);
        }
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void editedRedisSettingsSwitchToTheOtherServer(Path jdk) {
        try (TestRedis other = TestRedis.start(); AgentApp app = start(jdk, "flags:\n  NEW_CHECKOUT: {}\n")) {
            other.set("SWITCH:pancake:NEW_CHECKOUT", "1");
            assertEquals("= null", app.call("Shop#checkout"));
            app.writeConfig("redis:\n  url: " + other.url() + "\nflags:\n  NEW_CHECKOUT: {}\n");
            took.add(app.awaitCall("= String:new checkout", "Shop#checkout"));
            other.set("SWITCH:pancake:NEW_CHECKOUT", "0");
            app.awaitCall("= null", "Shop#checkout");
            printTimes(jdk);
        }
    }

    /**
     * Each edit of {@code redis:} builds a new client; the one it replaces is closed there and then
     * (its read connection, its change feed), not whenever a GC happens to collect it.
     */
    @ParameterizedTest
    @MethodSource("jdks")
    void replacedRedisClientsCloseTheirConnections(Path jdk) {
        try (TestRedis own = TestRedis.start();
                AgentApp app = AgentApp.on(jdk).config(redisOf(own, 0) + "flags:\n  NEW_CHECKOUT: {default: false}\n").start()) {
            assertEquals("= null", app.call("Shop#checkout"));
            for (int i = 1; i <= 30; i++) {
                boolean on = i % 2 == 1;
                app.writeConfig(redisOf(own, i) + "flags:\n  NEW_CHECKOUT: {default: " + on + "}\n");
                app.awaitCall(on ? "= String:new checkout" : "= null", "Shop#checkout");
            }
            // the agent needs its read connection and one change feed; a few more would be a pool's, never one per edit
            long deadline = System.nanoTime() + AgentApp.TIMEOUT.toNanos();
            List<String> clients = agentClients(own);
            while (clients.size() > 3 && System.nanoTime() < deadline) {
                sleepBriefly();
                clients = agentClients(own);
            }
            assertTrue(clients.size() <= 3, clients.size() + " connections after 30 edits of redis:\n"
                    + String.join("\n", clients));
        }
    }

    /** A redis: section for this server whose timeout differs with {@code edit}, so that every edit replaces the client. */
    private static String redisOf(TestRedis server, int edit) {
        return "redis:\n  url: " + server.url() + "\n  timeout-ms: " + (200 + edit) + "\n";
    }

    /** CLIENT LIST without the connection that asks. */
    private static List<String> agentClients(TestRedis server) {
        return server.command("CLIENT", "LIST").lines()
                .filter(l -> !l.isBlank() && !l.contains("cmd=client")).toList();
    }

    private static void sleepBriefly() {
        try {
            Thread.sleep(20);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void aBrokenEditIsReportedWithLineAndColumnAndThePreviousConfigurationStays(Path jdk) {
        try (AgentApp app = start(jdk, "flags:\n  NEW_CHECKOUT: {default: true}\n")) {
            assertEquals("= String:new checkout", app.call("Shop#checkout"));
            app.writeConfig(redisSection() + "flags:\n  NEW_CHECKOUT:\n    defualt: false\n  STRICT: {type: sample, default: 101}\n");
            String file = "pancake.yml"; // found in the working directory
            String first = app.jvm().awaitStderr(Pattern.compile(Pattern.quote(file + ":5:5: flags.NEW_CHECKOUT.defualt")), AgentApp.TIMEOUT);
            assertEquals("[pancake] ERROR " + file + ":5:5: flags.NEW_CHECKOUT.defualt: unknown key \"defualt\"; expected one"
                    + " of [default, fallback, methods, sticky, type]; the previous configuration stays in force", first);
            String second = app.jvm().awaitStderr(Pattern.compile(Pattern.quote(file + ":6:")), AgentApp.TIMEOUT);
            assertEquals("[pancake] ERROR " + file + ":6:35: flags.STRICT.default: a sample's default is a percentage in"
                    + " 0..100, got \"101\"; the previous configuration stays in force", second);
            assertEquals("= String:new checkout", app.call("Shop#checkout"), "the previous configuration stays");
            edit(app, "flags:\n  NEW_CHECKOUT: {default: false}\n", "= null", "Shop#checkout");
            assertEquals(2, stderr(app, "ERROR").size(), "each problem once");
            printTimes(jdk);
        }
    }
}
