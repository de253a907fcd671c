package dev.pancake.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import dev.pancake.testkit.ForkedJvm;
import dev.pancake.testkit.RedisMonitor;
import dev.pancake.testkit.TestRedis;

/**
 * The programmatic API ({@code Switch}, {@code Flag}, {@code Sample}) under the real
 * agent, checked against what flask-pancake 0.5 sends for the same operation.
 *
 * <p>The expected transcripts come from flask-pancake 0.5's {@code flask_pancake/flags.py}
 * (redis-py turns 1 and 0 into "1" and "0", and a float into its {@code repr}):
 *
 * <pre>
 * Switch/Flag.enable()             SET {KEY} 1
 * Switch/Flag.disable()            SET {KEY} 0
 * Switch/Flag/Sample.clear()       DEL {KEY}
 * Sample.set(42.5)                 SET SAMPLE:{ns}:{NAME} 42.5
 * Flag.enable_group(g, id)         SADD FLAG:{ns}:t:{g}:{NAME} FLAG:{ns}:k:{g}:{NAME}:{id}
 *                                  SET FLAG:{ns}:k:{g}:{NAME}:{id} 1
 * Flag.disable_group(g, id)        the same with 0
 * Flag.clear_group(g, id)          DEL FLAG:{ns}:k:{g}:{NAME}:{id}
 *                                  SREM FLAG:{ns}:t:{g}:{NAME} FLAG:{ns}:k:{g}:{NAME}:{id}
 * Flag.clear_all_group(g)          SMEMBERS FLAG:{ns}:t:{g}:{NAME}
 *                                  then, if there are members: DEL member...  SREM FLAG:{ns}:t:{g}:{NAME} member...
 * </pre>
 *
 * The member order of the last two commands is the set's iteration order in both libraries, so
 * it is compared as a set. Reads (TYPE, GETRANGE, SSCAN, CLIENT, PING, ...) are listed separately.
 * One difference, on purpose: pancake reads the tracking set with SSCAN, page by page (a set of
 * any size costs no single call more than a page), and deletes only members that are the flag's
 * own override keys (KeySpaceIT); for a tracking set as flask-pancake writes it, the writes are the same.
 */
class ApiIT extends RedisAgentTests {

    private static final Set<String> READS = Set.of("GET", "MGET", "GETRANGE", "SMEMBERS", "SSCAN", "SISMEMBER", "EXISTS", "TYPE", "PING",
            "ECHO", "CLIENT", "HELLO", "AUTH", "SELECT", "SUBSCRIBE", "PSUBSCRIBE", "INFO", "COMMAND");

    /** What the agent's own sync thread sends when the change feed reports a key. */
    private static final Set<String> SYNC_READS = Set.of("TYPE", "GETRANGE", "GET", "MGET");

    private static final String YAML = FlagIT.GROUPS + """
            flags:
              SW: {type: switch}
              FL: {type: flag}
              SA: {type: sample, default: 0}
            """;

    ApiIT(TestRedis redis) {
        super(redis);
    }

    /** A command with its multi-key tail sorted where the order is the set's (DEL k..., SREM set m...). */
    private static List<String> normalized(List<String> args) {
        List<String> out = new ArrayList<>(args);
        String name = out.get(0).toUpperCase(java.util.Locale.ROOT);
        out.set(0, name);
        int fixed = name.equals("DEL") ? 1 : name.equals("SREM") ? 2 : out.size();
        if (fixed < out.size()) {
            List<String> tail = new ArrayList<>(out.subList(fixed, out.size()));
            tail.sort(null);
            out = new ArrayList<>(out.subList(0, fixed));
            out.addAll(tail);
        }
        return out;
    }

    /**
     * The commands on flask-pancake's keys: Pancake's own (the history, in the same MULTI/EXEC, and
     * the heartbeats, under PANCAKE:{ns}:) are checked apart.
     */
    private static List<List<String>> writes(List<RedisMonitor.Command> sent) {
        return sent.stream().filter(c -> !READS.contains(c.name()) && !OWN.contains(c.name()) && !own(c))
                .map(c -> normalized(c.args())).toList();
    }

    private static final Set<String> OWN = Set.of("MULTI", "EXEC");

    private static boolean own(RedisMonitor.Command c) {
        return c.args().size() > 1 && c.args().get(1).startsWith("PANCAKE:");
    }

    private static List<List<String>> commands(String... lines) {
        List<List<String>> out = new ArrayList<>();
        for (String line : lines) {
            out.add(normalized(List.of(line.split(" "))));
        }
        return out;
    }

    /** Every key with its type and value (a set's members sorted), as {@code redis-cli} would show them. */
    private Map<String, String> keyspace() {
        Map<String, String> out = new TreeMap<>();
        String keys = redis.command("KEYS", "*");
        keys = keys.equals("[]") ? keys : "[" + String.join(", ", java.util.Arrays.stream(keys.substring(1, keys.length() - 1)
                .split(", ")).filter(k -> !k.startsWith("PANCAKE:")).toList()) + "]";
        if (keys.equals("[]")) {
            return out;
        }
        for (String key : keys.substring(1, keys.length() - 1).split(", ")) {
            String type = redis.command("TYPE", key);
            out.put(key, type.equals("set") ? "set " + new java.util.TreeSet<>(redis.smembers(key)) : type + " " + redis.get(key));
        }
        return out;
    }

    private static void step(AgentApp app, RedisMonitor monitor, String apiCall, List<List<String>> expected) {
        monitor.mark();
        assertEquals("= String:ok", app.send("api " + apiCall), apiCall);
        assertEquals(expected, writes(monitor.mark()), apiCall + ": the commands flask-pancake 0.5 sends");
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void everyWriteSendsExactlyFlaskPancakesCommands(Path jdk) {
        try (AgentApp app = start(jdk, YAML); RedisMonitor monitor = RedisMonitor.start(redis)) {
            step(app, monitor, "switch sw enable", commands("SET SWITCH:pancake:SW 1"));
            step(app, monitor, "switch SW disable", commands("SET SWITCH:pancake:SW 0"));
            assertEquals(Map.of("SWITCH:pancake:SW", "string 0"), keyspace());
            step(app, monitor, "switch SW clear", commands("DEL SWITCH:pancake:SW"));
            assertEquals(Map.of(), keyspace());

            step(app, monitor, "flag FL enable", commands("SET FLAG:pancake:FL 1"));
            step(app, monitor, "flag FL disable", commands("SET FLAG:pancake:FL 0"));
            step(app, monitor, "flag FL clear", commands("DEL FLAG:pancake:FL"));
            step(app, monitor, "flag FL enableUser 42", commands(
                    "SADD FLAG:pancake:t:user:FL FLAG:pancake:k:user:FL:42", "SET FLAG:pancake:k:user:FL:42 1"));
            step(app, monitor, "flag FL disableUser 43", commands(
                    "SADD FLAG:pancake:t:user:FL FLAG:pancake:k:user:FL:43", "SET FLAG:pancake:k:user:FL:43 0"));
            step(app, monitor, "flag FL enableGroup tenant acme", commands(
                    "SADD FLAG:pancake:t:tenant:FL FLAG:pancake:k:tenant:FL:acme", "SET FLAG:pancake:k:tenant:FL:acme 1"));
            step(app, monitor, "flag FL disableGroup tenant initech", commands(
                    "SADD FLAG:pancake:t:tenant:FL FLAG:pancake:k:tenant:FL:initech",
                    "SET FLAG:pancake:k:tenant:FL:initech 0"));
            assertEquals(Map.of(
                    "FLAG:pancake:k:user:FL:42", "string 1",
                    "FLAG:pancake:k:user:FL:43", "string 0",
                    "FLAG:pancake:k:tenant:FL:acme", "string 1",
                    "FLAG:pancake:k:tenant:FL:initech", "string 0",
                    "FLAG:pancake:t:user:FL", "set [FLAG:pancake:k:user:FL:42, FLAG:pancake:k:user:FL:43]",
                    "FLAG:pancake:t:tenant:FL", "set [FLAG:pancake:k:tenant:FL:acme, FLAG:pancake:k:tenant:FL:initech]"),
                    keyspace());
            step(app, monitor, "flag FL clearUser 42", commands(
                    "DEL FLAG:pancake:k:user:FL:42", "SREM FLAG:pancake:t:user:FL FLAG:pancake:k:user:FL:42"));
            step(app, monitor, "flag FL clearGroup tenant acme", commands(
                    "DEL FLAG:pancake:k:tenant:FL:acme", "SREM FLAG:pancake:t:tenant:FL FLAG:pancake:k:tenant:FL:acme"));
            step(app, monitor, "flag FL enableUser 44", commands(
                    "SADD FLAG:pancake:t:user:FL FLAG:pancake:k:user:FL:44", "SET FLAG:pancake:k:user:FL:44 1"));
            monitor.mark();
            assertEquals("= String:ok", app.send("api flag FL clearAllUsers"));
            List<RedisMonitor.Command> sent = monitor.mark();
            assertEquals(commands("DEL FLAG:pancake:k:user:FL:43 FLAG:pancake:k:user:FL:44",
                    "SREM FLAG:pancake:t:user:FL FLAG:pancake:k:user:FL:43 FLAG:pancake:k:user:FL:44"), writes(sent));
            // The agent's change feed may still be reading key 44 (TYPE, GETRANGE) from the step before.
            List<List<String>> api = sent.stream().filter(c -> !SYNC_READS.contains(c.name()) && !own(c))
                    .map(RedisMonitor.Command::args).toList();
            assertEquals(List.of("SSCAN", "FLAG:pancake:t:user:FL", "0", "COUNT", "1000"), api.get(0),
                    "SSCAN comes first: " + api);
            step(app, monitor, "flag FL clearAllGroup tenant", commands(
                    "DEL FLAG:pancake:k:tenant:FL:initech", "SREM FLAG:pancake:t:tenant:FL FLAG:pancake:k:tenant:FL:initech"));
            step(app, monitor, "flag FL clearAllUsers", List.of());
            assertEquals(Map.of(), keyspace(), "nothing left behind: SREM of the last member removes the set");

            step(app, monitor, "sample SA set 42.5", commands("SET SAMPLE:pancake:SA 42.5"));
            step(app, monitor, "sample SA set 42", commands("SET SAMPLE:pancake:SA 42.0"));
            step(app, monitor, "sample SA set 0.1", commands("SET SAMPLE:pancake:SA 0.1"));
            step(app, monitor, "sample SA set 100", commands("SET SAMPLE:pancake:SA 100.0"));
            step(app, monitor, "sample SA set 0", commands("SET SAMPLE:pancake:SA 0.0"));
            step(app, monitor, "sample SA set 0.00001", commands("SET SAMPLE:pancake:SA 1e-05"));
            step(app, monitor, "sample SA set 33.333333333333336", commands("SET SAMPLE:pancake:SA 33.333333333333336"));
            step(app, monitor, "sample SA clear", commands("DEL SAMPLE:pancake:SA"));
            assertEquals(Map.of(), keyspace());
            String last = redis.command("XREVRANGE", "PANCAKE:pancake:history", "+", "-", "COUNT", "1");
            assertTrue(last.contains("flag, SA, type, sample, verb, clear, old, 33.333333333333336, actor, dev.pancake.fixture.FixtureMain,"
                    + " via, api"), "the history has the API's change: " + last);
        }
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void readingNeverWrites(Path jdk) {
        try (AgentApp app = start(jdk, YAML + "  NEW_CHECKOUT: {default: true}\n  ROLLOUT: {type: sample, default: 50}\n");
                RedisMonitor monitor = RedisMonitor.start(redis)) {
            app.send("user 42");
            monitor.mark();
            for (int i = 0; i < 20; i++) {
                app.call("Shop#checkout");
                app.call("Beta#rollout");
                app.call("Beta#undeclared");
                app.send("api switch SW isActive");
                app.send("api flag FL isActive");
                app.send("api flag FL isActiveGlobally");
                app.send("api sample SA isActive");
                app.send("api switch NOT_DECLARED isActive");
            }
            assertEquals(List.of(), writes(monitor.mark()), "flask-pancake writes defaults with SETNX; pancake must not");
            assertEquals(Map.of(), keyspace());
        }
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void readsSeeChangesByAnyRedisClient(Path jdk) {
        try (AgentApp app = start(jdk, YAML)) {
            assertEquals("= Boolean:false", app.send("api switch SW isActive"));
            redis.set("SWITCH:pancake:SW", "1");
            app.awaitAnswer("= Boolean:true", "api switch SW isActive");
            redis.set("SAMPLE:pancake:SA", "100");
            app.awaitAnswer("= Boolean:true", "api sample SA isActive");
            redis.set("FLAG:pancake:FL", "1");
            app.awaitAnswer("= Boolean:true", "api flag FL isActiveGlobally");
        }
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void theApiWorksFromChildClassLoadersWithTheirOwnCopyOfTheAnnotationsJar(Path jdk) {
        String yaml = "groups:\n  user: dev.pancake.fixture.plugin.PluginContext#USER\n"
                + "flags:\n  SW: {}\n  SA: {type: sample}\n  PLUGIN_BETA: {type: flag}\n";
        try (AgentApp app = start(jdk, yaml)) {
            assertEquals("= String:ok", app.send("plugin api switch SW enable"));
            assertEquals("1", redis.get("SWITCH:pancake:SW"));
            assertEquals("= Boolean:true", app.send("isolated api switch SW isActive"));
            assertEquals("= String:ok", app.send("isolated api sample SA set 12.5"));
            assertEquals("12.5", redis.get("SAMPLE:pancake:SA"));
            assertEquals("= String:ok", app.send("isolated api flag PLUGIN_BETA enableUser 7"));
            assertEquals(Set.of("FLAG:pancake:k:user:PLUGIN_BETA:7"), redis.smembers("FLAG:pancake:t:user:PLUGIN_BETA"));
            app.send("isolated user 7");
            assertEquals("= Boolean:true", app.send("isolated api flag PLUGIN_BETA isActive"),
                    "Flag.of resolves the accessor in its caller's class loader");
            assertEquals("= Boolean:false", app.send("plugin api flag PLUGIN_BETA isActive"), "another loader, another user");
        }
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void writesToAFlagThatIsNotDeclaredOrDeclaredAsAnotherTypeAreRefused(Path jdk) {
        try (AgentApp app = start(jdk, YAML)) {
            String file = "pancake.yml"; // found in the working directory
            assertEquals("! java.lang.IllegalArgumentException: switch NOPE is not declared in " + file,
                    app.send("api switch nope enable"));
            assertEquals("! java.lang.IllegalArgumentException: SA is declared as a sample in " + file
                    + " (line 9), not as a switch", app.send("api switch SA enable"));
            assertEquals("! java.lang.IllegalArgumentException: unknown group team; " + file
                    + " declares the groups [user, tenant]", app.send("api flag FL enableGroup team x"));
            assertEquals("! java.lang.IllegalArgumentException: pancake: sample SA: percent must be in 0..100, got 101.0",
                    app.send("api sample SA set 101"));
            assertEquals(Map.of(), keyspace());
        }
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void withoutTheAgentReadsAreInactiveWritesSaySoAndGatedMethodsRun(Path jdk) {
        try (ForkedJvm jvm = ForkedJvm.builder().javaHome(jdk).mainClass("dev.pancake.fixture.FixtureMain")
                .classpath(AgentApp.appClasspath().toArray(new Path[0])).start()) {
            jvm.awaitStdout("fixture ready", AgentApp.TIMEOUT);
            String[][] expectations = {
                {"api switch SW isActive", "= Boolean:false"},
                {"api flag FL isActive", "= Boolean:false"},
                {"api sample SA isActive", "= Boolean:false"},
                {"api switch SW enable", "! java.lang.IllegalStateException: pancake: cannot enable switch SW: the Pancake"
                        + " agent is not attached (start the JVM with -javaagent:pancake-agent.jar)"},
                {"api flag FL enableUser 42", "! java.lang.IllegalStateException: pancake: cannot enable-group flag FL: the"
                        + " Pancake agent is not attached (start the JVM with -javaagent:pancake-agent.jar)"},
                {"api sample SA set 50", "! java.lang.IllegalStateException: pancake: cannot set sample SA: the Pancake"
                        + " agent is not attached (start the JVM with -javaagent:pancake-agent.jar)"},
                {"call dev.pancake.fixture.Shop#checkout", "= String:new checkout"},
            };
            int n = 0;
            for (String[] e : expectations) {
                n++;
                jvm.send(n + " " + e[0]);
                String line = jvm.awaitStdout(java.util.regex.Pattern.compile("^#" + n + " "), Duration.ofSeconds(20));
                assertEquals("#" + n + " " + e[1], line, e[0]);
            }
            assertTrue(jvm.stderrLines().isEmpty(), String.join("\n", jvm.stderrLines()));
        }
    }
}
