package dev.pancake.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import dev.pancake.testkit.Await;
import dev.pancake.testkit.RedisMonitor;
import dev.pancake.testkit.TestRedis;

/**
 * Three JVMs and the CLI on one Redis and one namespace: every change is recorded in the history
 * exactly once with the right {@code via}, however many agents see it; {@code instances} lists the
 * three JVMs by their application's name, and drops one as soon as it shuts down; {@code list
 * --fleet} says who evaluates each flag; {@code stale} names an orphan key with its removal command.
 */
class FleetIT extends RedisAgentTests {

    static final Duration TIMEOUT = Duration.ofSeconds(30);

    private static final String FLAGS = "flags:\n  NEW_CHECKOUT: {type: switch, default: false}\n"
            + "  RECOMMENDATIONS: {type: switch, default: false}\n  STRICT: {type: switch, default: false}\n";

    @TempDir
    Path dir;

    FleetIT(TestRedis redis) {
        super(redis);
    }

    private AgentApp app(Path jdk, String name) {
        return AgentApp.on(jdk).config("app: " + name + "\n" + redisSection() + FLAGS).start();
    }

    /** The history's entries, newest first, each as its fields. */
    private List<Map<String, String>> history() {
        List<Map<String, String>> out = new ArrayList<>();
        for (Object entry : (List<?>) redis.cli().call("XREVRANGE", "PANCAKE:pancake:history", "+", "-")) {
            List<?> fields = (List<?>) ((List<?>) entry).get(1);
            Map<String, String> m = new LinkedHashMap<>();
            for (int i = 0; i + 1 < fields.size(); i += 2) {
                m.put(String.valueOf(fields.get(i)), String.valueOf(fields.get(i + 1)));
            }
            out.add(m);
        }
        return out;
    }

    /** Waits until each of the agents has asked Redis whether {@code key}'s change to {@code value} is accounted for. */
    private static void awaitEveryAgentChecked(RedisMonitor monitor, List<RedisMonitor.Command> sent, String key,
            String value, int agents) {
        Await.until(agents + " agents check the marker of " + key, TIMEOUT, () -> {
            sent.addAll(monitor.mark());
            return sent.stream().filter(c -> c.name().equals("SET") && c.args().get(1).equals("PANCAKE:pancake:history:seen:" + key)
                    && c.args().get(2).equals(value) && c.args().contains("GET")).count() >= agents;
        });
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void everyChangeIsRecordedOnceWithItsViaWhateverTheNumberOfJvms(Path jdk) throws Exception {
        Files.writeString(dir.resolve("pancake.yml"), redisSection() + FLAGS);
        try (AgentApp a = app(jdk, "shop-a"); AgentApp b = app(jdk, "shop-b"); AgentApp c = app(jdk, "shop-c");
                RedisMonitor monitor = RedisMonitor.start(redis)) {
            List<AgentApp> apps = List.of(a, b, c);
            CliRun.Result cli = new CliRun(dir).env("PANCAKE_ACTOR", "release-bot").run("switches", "enable", "NEW_CHECKOUT",
                    "--reason", "release 4.2");
            assertEquals(0, cli.status(), cli.toString());
            for (AgentApp app : apps) {
                app.awaitCall("= String:new checkout", "Shop#checkout");
            }
            assertEquals("= String:ok", a.send("api switch STRICT enable"));
            redis.set("SWITCH:pancake:RECOMMENDATIONS", "1"); // another client: redis-cli, flask-pancake
            List<RedisMonitor.Command> sent = new ArrayList<>();
            // each agent saw each change, and asked whether it was accounted for
            awaitEveryAgentChecked(monitor, sent, "SWITCH:pancake:RECOMMENDATIONS", "1", 3);
            awaitEveryAgentChecked(monitor, sent, "SWITCH:pancake:NEW_CHECKOUT", "1", 3);
            awaitEveryAgentChecked(monitor, sent, "SWITCH:pancake:STRICT", "1", 2); // not a, which made it

            List<Map<String, String>> h = history();
            assertEquals(3, h.size(), "each change once: " + h);
            Map<String, Map<String, String>> byFlag = new LinkedHashMap<>();
            h.forEach(e -> byFlag.put(e.get("flag"), e));
            Map<String, String> viaCli = byFlag.get("NEW_CHECKOUT");
            assertEquals("cli", viaCli.get("via"));
            assertEquals("release-bot", viaCli.get("actor"));
            assertEquals("release 4.2", viaCli.get("reason"));
            Map<String, String> viaApi = byFlag.get("STRICT");
            assertEquals("api", viaApi.get("via"));
            assertEquals("shop-a", viaApi.get("actor"), "the API's actor is the application");
            assertEquals("enable", viaApi.get("verb"));
            Map<String, String> external = byFlag.get("RECOMMENDATIONS");
            assertEquals("external", external.get("via"));
            assertEquals("enable", external.get("verb"));
            assertEquals("1", external.get("new"));
            assertNull(external.get("old"));

            // a second change by another client to the same key: recorded once more
            redis.del("SWITCH:pancake:RECOMMENDATIONS");
            awaitEveryAgentChecked(monitor, sent, "SWITCH:pancake:RECOMMENDATIONS", "\u0000", 3);
            List<Map<String, String>> after = history();
            assertEquals(4, after.size(), after.toString());
            assertEquals("clear", after.get(0).get("verb"));
            assertEquals("external", after.get(0).get("via"));
            assertEquals("1", after.get(0).get("old"));

            CliRun.Result shown = new CliRun(dir).run("history", "--limit", "2");
            assertEquals(0, shown.status(), shown.toString());
            assertTrue(shown.out().get(1).matches(".*RECOMMENDATIONS \\(switch\\) +clear: 1 -> \\(absent\\) +unknown +external.*"),
                    shown.toString());

            // the fleet: every JVM by its app: name, with what its heartbeat says
            Await.until("instances lists the three JVMs", TIMEOUT, () -> apps(instances()).equals(List.of("shop-a", "shop-b",
                    "shop-c")));
            JsonObject shopA = instances().get(0).getAsJsonObject();
            assertEquals(a.jvm().pid(), shopA.get("pid").getAsLong());
            assertTrue(shopA.get("java").getAsString().startsWith(Integer.toString(dev.pancake.testkit.ForkedJvm
                    .javaFeatureVersion(jdk))), shopA.toString());
            assertTrue(shopA.get("storeUp").getAsBoolean());
            assertTrue(shopA.get("agent").getAsString().length() > 0);
            Await.until("shop-a's heartbeat counts its evaluations of NEW_CHECKOUT", TIMEOUT, () -> {
                for (var f : instances().get(0).getAsJsonObject().getAsJsonArray("flags")) {
                    JsonObject o = f.getAsJsonObject();
                    if (o.get("name").getAsString().equals("NEW_CHECKOUT") && o.get("active").getAsLong() >= 1
                            && !o.get("lastEvaluated").isJsonNull()) {
                        return true;
                    }
                }
                return false;
            });
            CliRun.Result table = new CliRun(dir).run("instances");
            assertEquals(0, table.status(), table.toString());
            assertEquals(4, table.out().size(), table.toString());
            assertTrue(table.out().get(0).startsWith("APP "), table.toString());

            c.jvm().closeStdin(); // the fixture's main returns: a clean shutdown, with the shutdown hooks
            assertEquals(0, c.jvm().awaitExit(TIMEOUT));
            assertEquals(List.of("shop-a", "shop-b"), apps(instances()), "a clean shutdown leaves the fleet at once");

            // list --fleet: which instances use each flag, and when it was last evaluated anywhere
            Await.until("list --fleet shows NEW_CHECKOUT evaluated by shop-a and shop-b", TIMEOUT, () -> {
                for (var f : json("list", "--fleet", "--json")) {
                    JsonObject o = f.getAsJsonObject();
                    if (o.get("name").getAsString().equals("NEW_CHECKOUT")) {
                        JsonArray users = o.getAsJsonArray("instances");
                        return users.size() == 2 && users.get(0).getAsString().startsWith("shop-a@")
                                && users.get(1).getAsString().startsWith("shop-b@") && !o.get("lastEvaluated").isJsonNull();
                    }
                }
                return false;
            });

            // stale: a key that no running instance declares is an orphan, with the command that removes it
            redis.set("SWITCH:pancake:OLD_BANNER", "1");
            redis.set("FLAG:pancake:k:user:GONE:42", "1");
            JsonObject orphan = null;
            JsonObject gone = null;
            for (var f : json("stale", "--json")) {
                JsonObject o = f.getAsJsonObject();
                if (o.get("kind").getAsString().equals("orphan") && o.get("name").getAsString().equals("OLD_BANNER")) {
                    orphan = o;
                }
                if (o.get("kind").getAsString().equals("orphan") && o.get("name").getAsString().equals("GONE")) {
                    gone = o;
                }
                assertTrue(!o.get("kind").getAsString().equals("orphan") || !o.get("name").getAsString().equals("NEW_CHECKOUT"),
                        "a flag the running instances declare is no orphan: " + o);
            }
            assertTrue(orphan != null, "stale names the orphan SWITCH:pancake:OLD_BANNER");
            assertEquals("redis-cli DEL SWITCH:pancake:OLD_BANNER", orphan.get("command").getAsString());
            assertEquals("redis-cli DEL FLAG:pancake:k:user:GONE:42", gone.get("command").getAsString());
            CliRun.Result stale = new CliRun(dir).run("stale");
            assertEquals(0, stale.status(), stale.toString());
            assertTrue(stale.out().stream().anyMatch(l -> l.startsWith("orphan") && l.contains("switch:OLD_BANNER")
                    && l.endsWith("redis-cli DEL SWITCH:pancake:OLD_BANNER")), stale.toString());
        }
    }

    private JsonArray json(String... args) {
        CliRun.Result r = new CliRun(dir).run(args);
        assertEquals(0, r.status(), r.toString());
        return JsonParser.parseString(r.stdout()).getAsJsonArray();
    }

    private JsonArray instances() {
        CliRun.Result r = new CliRun(dir).run("instances", "--json");
        assertEquals(0, r.status(), r.toString());
        return JsonParser.parseString(r.stdout()).getAsJsonArray();
    }

    private static List<String> apps(JsonArray instances) {
        List<String> out = new ArrayList<>();
        instances.forEach(i -> out.add(i.getAsJsonObject().get("app").getAsString()));
        return out;
    }
}
