package dev.pancake.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import dev.pancake.testkit.TestCluster;
import dev.pancake.testkit.TestRedis;
import dev.pancake.testkit.TestSentinel;

/**
 * An ACL user ({@code redis://user:password@host:port}) with the smallest set of rights the agent
 * needs, documented in docs/security.md, on one server, on a Sentinel-monitored master and on a
 * Cluster: reads, writes from the API and the CLI, and the change feed all work, and Redis's
 * {@code ACL LOG} shows that nothing was ever denied. A wrong password
 * is one clear line, and gated calls use the defaults.
 */
class AclIT extends RedisAgentTests {

    /** The rule for flags alone in docs/security.md, for namespace "pancake". Keep them in step. */
    static final String[] FLAGS_ACL = {"ACL", "SETUSER", "pancake", "reset", "on", ">Acl-pw-4f2e9",
        "~SWITCH:pancake:*", "~FLAG:pancake:*", "~SAMPLE:pancake:*", "&__redis__:invalidate",
        "+type", "+getrange", "+sscan", "+set", "+del", "+sadd", "+srem",
        "+client|id", "+client|tracking", "+client|setname", "+subscribe", "+ping"};

    /** What the history adds to it (docs/security.md). */
    static final String[] HISTORY_RIGHTS = {"~PANCAKE:pancake:*", "+multi", "+exec", "+discard", "+xadd", "+xrevrange"};

    /** What the fleet (heartbeats, instances, list --fleet, stale) adds (docs/security.md). */
    static final String[] FLEET_RIGHTS = {"~PANCAKE:pancake:*", "+get", "+zadd", "+zrem", "+zrangebyscore",
        "+zremrangebyscore", "+hset", "+hsetnx", "+hgetall", "+scan"};

    /** The smallest rule for every feature (docs/security.md). */
    static final String[] MINIMAL_ACL = concat(concat(FLAGS_ACL, HISTORY_RIGHTS), FLEET_RIGHTS);

    /** The rule for Cluster: the same, and the slot map (docs/security.md). */
    static final String[] CLUSTER_ACL = concat(MINIMAL_ACL, "+cluster|slots");

    /** The sentinels' own user for the agent (docs/security.md). */
    static final String[] SENTINEL_ACL = {"ACL", "SETUSER", "pancake-sentinel", "reset", "on", ">Sentinel-pw-7c1d",
        "&+switch-master", "+sentinel|get-master-addr-by-name", "+subscribe", "+client|setname"};

    private static String[] concat(String[] a, String... b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static final String GROUPS = "groups:\n  user: dev.pancake.fixture.RequestContext#CURRENT_USER.id\n";

    private static final String FLAGS = TlsIT.SHOP_FLAGS
            + "  BETA_SEARCH: {type: flag, default: false}\n  ROLLOUT: {type: sample, default: 0}\n";

    @TempDir
    Path dir;

    AclIT(TestRedis redis) {
        super(redis);
    }

    @BeforeEach
    void aclUser() {
        assertEquals("OK", redis.command(MINIMAL_ACL));
        redis.command("ACL", "LOG", "RESET");
    }

    private String config(String password) {
        return "redis:\n  url: redis://pancake:" + password + "@" + redis.host() + ":" + redis.port() + "/0\n"
                + "  timeout-ms: 1000\n" + GROUPS + FLAGS;
    }

    /** How many logins ACL LOG counts as refused (its entries for one user and reason are aggregated). */
    private int refusedLogins() {
        Matcher m = Pattern.compile("count, (\\d+), reason, auth").matcher(redis.command("ACL", "LOG"));
        int total = 0;
        while (m.find()) {
            total += Integer.parseInt(m.group(1));
        }
        return total;
    }

    private static void awaitRedis(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + AgentApp.TIMEOUT.toNanos();
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "not within " + AgentApp.TIMEOUT + ": " + what);
            Thread.sleep(20); // the poll interval of this await
        }
    }

    private CliRun.Result cli(Path jdk, String... args) {
        return new CliRun(dir).javaHome(jdk).run(args);
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void theMinimalAclIsEnoughForReadsWritesAndTheChangeFeed(Path jdk) throws Exception {
        everyKindOfUse(jdk, config("Acl-pw-4f2e9"), redis::set, redis::get, redis::smembers, List.of(redis));
    }

    @Test
    void onSentinelTheMasterNeedsTheSameAclAndTheSentinelsTheirOwnSmallOne() throws Exception {
        try (TestSentinel sentinel = TestSentinel.start()) {
            for (TestRedis node : List.of(sentinel.master(), sentinel.replica())) { // ACL SETUSER is not replicated
                assertEquals("OK", node.command(MINIMAL_ACL));
                node.command("ACL", "LOG", "RESET");
            }
            for (TestRedis s : sentinel.sentinels()) {
                assertEquals("OK", s.command(SENTINEL_ACL));
                s.command("ACL", "LOG", "RESET");
            }
            TestRedis master = sentinel.master();
            String yaml = "redis:\n  sentinel:\n    master: " + TestSentinel.MASTER + "\n    nodes: "
                    + sentinel.sentinelNodes() + "\n    user: pancake-sentinel\n    password: Sentinel-pw-7c1d\n"
                    + "  user: pancake\n  password: Acl-pw-4f2e9\n  timeout-ms: 1000\n" + GROUPS + FLAGS;
            everyKindOfUse(OutageIT.jdk(), yaml, master::set, master::get, master::smembers, List.of(master));
            assertEquals("[]", sentinel.replica().command("ACL", "LOG"), "the replica was asked nothing it denied");
            for (TestRedis s : sentinel.sentinels()) {
                assertEquals("[]", s.command("ACL", "LOG"), "a command the agent sent was denied by the sentinel " + s);
            }
        }
    }

    @Test
    void onClusterTheMinimalAclAddsClusterSlots() throws Exception {
        try (TestCluster cluster = TestCluster.start()) {
            for (TestRedis node : cluster.nodes()) {
                assertEquals("OK", node.command(CLUSTER_ACL));
                node.command("ACL", "LOG", "RESET");
            }
            String yaml = "redis:\n  cluster: " + cluster.hostPorts() + "\n  user: pancake\n  password: Acl-pw-4f2e9\n"
                    + "  timeout-ms: 1000\n" + GROUPS + FLAGS;
            everyKindOfUse(OutageIT.jdk(), yaml, cluster::set, cluster::get,
                    key -> cluster.nodeFor(key).smembers(key), cluster.nodes());
        }
    }

    /**
     * Reads, the change feed, API writes and every kind of CLI command under the ACL user, then
     * Redis's ACL LOG on every master: nothing was denied.
     */
    private void everyKindOfUse(Path jdk, String yaml, BiConsumer<String, String> set, UnaryOperator<String> get,
            Function<String, Set<String>> smembers, List<TestRedis> masters) throws Exception {
        set.accept("SWITCH:pancake:NEW_CHECKOUT", "1");
        try (AgentApp app = AgentApp.on(jdk).config(yaml).start()) {
            app.awaitCall("= String:new checkout", "Shop#checkout");
            set.accept("SWITCH:pancake:NEW_CHECKOUT", "0");
            app.awaitCall("= null", "Shop#checkout");
            assertEquals("= String:ok", app.send("api switch NEW_CHECKOUT enable"));
            assertEquals("1", get.apply("SWITCH:pancake:NEW_CHECKOUT"));
            assertEquals("= String:ok", app.send("api flag BETA_SEARCH enableUser u2"));
            assertEquals("= String:ok", app.send("api flag BETA_SEARCH clearAllUsers"));

            Files.writeString(dir.resolve("pancake.yml"), yaml);
            for (String[] command : List.of(new String[] {"switches", "disable", "NEW_CHECKOUT"},
                    new String[] {"flags", "enable-group", "BETA_SEARCH", "user", "u1"},
                    new String[] {"flags", "list-group", "user", "u1"},
                    new String[] {"list", "--json"},
                    new String[] {"flags", "clear-all-group", "BETA_SEARCH", "user"},
                    new String[] {"samples", "set", "ROLLOUT", "50"})) {
                CliRun.Result r = cli(jdk, command);
                assertEquals(0, r.status(), r.toString());
            }
            assertEquals("0", get.apply("SWITCH:pancake:NEW_CHECKOUT"));
            assertEquals("50.0", get.apply("SAMPLE:pancake:ROLLOUT"));
            assertEquals(Set.of(), smembers.apply("FLAG:pancake:t:user:BETA_SEARCH"));
            app.awaitCall("= null", "Shop#checkout");

            for (TestRedis node : masters) { // each feed has sent its heartbeat
                AdminHttp.await("the change feed on " + node + " pings", () -> node.command("CLIENT", "LIST").lines()
                        .anyMatch(l -> l.contains("name=pancake-feed") && l.contains("user=pancake")
                                && l.contains("sub=1") && l.contains("cmd=ping")));
            }
            for (TestRedis node : masters) {
                assertEquals("[]", node.command("ACL", "LOG"), "a command the agent or the CLI sent was denied by " + node);
            }
            assertEquals(List.of(), app.stderr().stream().filter(l -> !l.contains("is not declared")).toList(),
                    "nothing to report");
        }
    }

    /**
     * The rule for flags alone: the history's and the fleet's writes are refused. Flags work (reads,
     * the change feed, API and CLI writes), each refusal is said once, nothing looks like an outage.
     */
    @ParameterizedTest
    @MethodSource("jdks")
    void withTheFlagsAloneTheHistoryAndTheFleetSaySoOnceAndFlagsWorkOn(Path jdk) throws Exception {
        assertEquals("OK", redis.command(FLAGS_ACL));
        try (AgentApp app = AgentApp.on(jdk).config(config("Acl-pw-4f2e9")).start()) {
            assertEquals("= String:ok", app.send("api switch NEW_CHECKOUT enable"));
            assertEquals("1", redis.get("SWITCH:pancake:NEW_CHECKOUT"));
            assertEquals("= String:new checkout", app.call("Shop#checkout"));
            assertEquals("= String:ok", app.send("api switch NEW_CHECKOUT disable"));
            assertEquals("0", redis.get("SWITCH:pancake:NEW_CHECKOUT"));
            redis.set("SWITCH:pancake:NEW_CHECKOUT", "1"); // another client: the feed still brings it
            app.awaitCall("= String:new checkout", "Shop#checkout");
            assertEquals("= String:ok", app.send("api flag BETA_SEARCH enableUser u2"));
            assertEquals("1", redis.get("FLAG:pancake:k:user:BETA_SEARCH:u2"));
            awaitStderr(app, "refuses the history's writes", 1);
            awaitStderr(app, "refuses the heartbeat's writes", 1);

            Files.writeString(dir.resolve("pancake.yml"), config("Acl-pw-4f2e9"));
            CliRun.Result write = cli(jdk, "switches", "disable", "NEW_CHECKOUT", "--reason", "no rights for this");
            assertEquals(0, write.status(), write.toString());
            assertEquals("0", redis.get("SWITCH:pancake:NEW_CHECKOUT"));
            assertEquals(1, write.err().size(), write.toString());
            assertTrue(write.err().get(0).startsWith("[pancake] WARN ") && write.err().get(0).contains("refuses the history's"
                    + " writes to PANCAKE:pancake:*"), write.toString());
            CliRun.Result history = cli(jdk, "history");
            assertEquals(1, history.status(), history.toString());
            assertEquals(1, history.err().size(), history.toString());
            assertTrue(history.err().get(0).startsWith("pancake: ") && history.err().get(0).contains("NOPERM"),
                    history.toString());
            app.awaitCall("= null", "Shop#checkout");

            assertEquals("0", redis.command("EXISTS", "PANCAKE:pancake:history"));
            List<String> lines = app.stderr().stream().filter(l -> !l.contains("is not declared")).toList();
            assertEquals(2, lines.size(), "one line for each refused feature, nothing else: " + lines);
            assertFalse(lines.stream().anyMatch(l -> l.contains("Acl-pw-4f2e9")), lines.toString());
        }
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void withoutTheFeedsRightsChangesArePolledAndThatIsSaidOnce(Path jdk) throws Exception {
        redis.command("ACL", "SETUSER", "pancake", "-client|tracking");
        try (AgentApp app = AgentApp.on(jdk).config(config("Acl-pw-4f2e9")).start()) {
            redis.set("SWITCH:pancake:NEW_CHECKOUT", "1");
            app.awaitCall("= String:new checkout", "Shop#checkout");
            List<String> lines = awaitStderr(app, "does not report changes", 1);
            assertEquals(1, lines.size(), String.join("\n", app.stderr()));
            assertEquals(lines, app.stderr(), "one line for one cause");
            assertFalse(lines.get(0).contains("Acl-pw-4f2e9"), lines.get(0));
        }
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void aWrongPasswordIsOneClearLineAndGatedCallsUseTheDefaults(Path jdk) throws Exception {
        redis.set("SWITCH:pancake:NEW_CHECKOUT", "1");
        try (AgentApp app = AgentApp.on(jdk).config(config("Wrong-pw-ZX81")).start()) {
            List<String> lines = awaitStderr(app, "[pancake]", 1);
            assertEquals("= null", app.call("Shop#checkout"), "the default");
            // the agent retries every second: Redis counts each refused AUTH in one ACL LOG entry
            awaitRedis("four refused logins", () -> refusedLogins() >= 4);
            assertEquals("= null", app.call("Shop#checkout"), "the default");
            lines = stderr(app, "");
            assertEquals(1, lines.size(), String.join("\n", lines));
            assertTrue(lines.get(0).startsWith("[pancake] WARN Redis redis://pancake:***@" + redis.host() + ":"
                    + redis.port() + "/0 refused "), lines.get(0));
            assertTrue(lines.get(0).contains("WRONGPASS"), lines.get(0));
            assertFalse(lines.get(0).contains("Wrong-pw-ZX81"), lines.get(0));
        }
        Files.writeString(dir.resolve("pancake.yml"), config("Wrong-pw-ZX81"));
        CliRun.Result r = cli(jdk, "switches", "enable", "NEW_CHECKOUT");
        assertEquals(1, r.status(), r.toString());
        assertEquals(1, r.err().size(), r.toString());
        assertTrue(r.err().get(0).contains("WRONGPASS"), r.toString());
        assertFalse(r.toString().contains("Wrong-pw-ZX81"), r.toString());
        assertEquals("1", redis.get("SWITCH:pancake:NEW_CHECKOUT"));
    }
}
