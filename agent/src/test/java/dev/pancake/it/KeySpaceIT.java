package dev.pancake.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import com.google.gson.JsonObject;

import dev.pancake.testkit.TestRedis;

/**
 * Each bad Redis key affects only its own flag, and writes touch only keys inside the flag's own
 * key space: a tracking set of 600,000 members neither hides the other flags nor makes the store
 * look down (in the agent, the CLI and the admin page), and clear-all-group deletes only the
 * flag's own override keys, whatever its tracking set lists (CLI, programmatic API, JMX, admin page).
 */
class KeySpaceIT extends RedisAgentTests {

    private static final String FLAGS = """
            groups:
              user: dev.pancake.fixture.RequestContext#CURRENT_USER.id
            flags:
              NEW_CHECKOUT: {type: switch, default: false}
              BETA_SEARCH: {type: flag, default: false}
              BIG: {type: flag, default: false}
            """;
    private static final String ADMIN = "admin:\n  port: 0\n  token: " + AdminHttp.TOKEN + "\n";
    private static final String HUGE = "FLAG:pancake:t:user:BIG";
    private static final String TRACKING = "FLAG:pancake:t:user:BETA_SEARCH";
    private static final String TRUE = "= Boolean:true";
    private static final String FALSE = "= Boolean:false";
    /** The one line about the huge set. */
    private static final String TOO_MANY = "[pancake] WARN key " + HUGE + " lists more than 50000 members, expected at"
            + " most that many override keys FLAG:pancake:k:user:BIG:ID; only 50000 of them are read";

    @TempDir
    Path dir;

    KeySpaceIT(TestRedis redis) {
        super(redis);
    }

    // ---- one huge tracking set

    @ParameterizedTest
    @MethodSource("jdks")
    void aHugeTrackingSetAffectsOnlyItsOwnFlag(Path jdk) throws Exception {
        // 600,000 members, in 30 SADDs of 20,000
        for (int from = 0; from < 600_000; from += 20_000) {
            List<String> sadd = new ArrayList<>(List.of("SADD", HUGE));
            for (int i = from; i < from + 20_000; i++) {
                sadd.add("FLAG:pancake:k:user:BIG:" + i);
            }
            redis.command(sadd.toArray(new String[0]));
        }
        assertEquals("600000", redis.command("SCARD", HUGE));
        redis.set("SWITCH:pancake:NEW_CHECKOUT", "1");
        redis.command("SADD", TRACKING, "FLAG:pancake:k:user:BETA_SEARCH:7");
        redis.set("FLAG:pancake:k:user:BETA_SEARCH:7", "1");

        try (AgentApp app = start(jdk, FLAGS + ADMIN)) {
            app.awaitAnswer(TRUE, "api switch NEW_CHECKOUT isActive");
            app.send("user 7");
            app.awaitAnswer(TRUE, "api flag BETA_SEARCH isActive");
            List<String> lines = awaitStderr(app, "key " + HUGE, 1);
            assertEquals(1, lines.size(), app.stderr().toString());
            assertTrue(lines.get(0).startsWith(TOO_MANY), lines.get(0));
            assertEquals(List.of(), stderr(app, OutageIT.DOWN), "one bad key is no outage");

            // an override beyond the members read applies as soon as it changes
            app.send("user 599999");
            assertEquals(FALSE, app.send("api flag BIG isActive"));
            redis.set("FLAG:pancake:k:user:BIG:599999", "1");
            app.awaitAnswer(TRUE, "api flag BIG isActive");

            // the huge set is not read again while nothing asks for it: the feed pings (once a
            // second) twice, and no page of it was read meanwhile
            long pages = calls("sscan");
            long pings = calls("ping");
            AdminHttp.await("the change feed pings twice", () -> calls("ping") >= pings + 2);
            assertEquals(pages, calls("sscan"), "the huge set was read again");

            // the admin page shows every flag
            String url = AdminHttp.url(app);
            HttpResponse<String> page = AdminHttp.get(url);
            assertEquals(200, page.statusCode());
            assertTrue(page.body().contains("NEW_CHECKOUT") && page.body().contains("BETA_SEARCH"), page.body());
            assertTrue(AdminHttp.flag(url, "NEW_CHECKOUT", "switch").get("current").getAsBoolean());
            assertEquals(1, awaitStderr(app, "key " + HUGE, 1).size(), app.stderr().toString());
        }

        // the CLI: one line about the key, every flag shown (a fresh JVM on a busy machine gets a
        // roomier timeout than the agent's default; the reads are pages either way)
        Files.writeString(dir.resolve("pancake.yml"), redisSection() + "  timeout-ms: 1000\n" + FLAGS);
        CliRun.Result list = new CliRun(dir).javaHome(jdk).run("list");
        assertEquals(0, list.status(), list.toString());
        assertTrue(list.out().stream().anyMatch(l -> l.matches("NEW_CHECKOUT +switch +false +true")), list.toString());
        assertTrue(list.out().stream().anyMatch(l -> l.matches("BIG +flag +false +false")), list.toString());
        assertEquals(1, list.err().size(), list.toString());
        assertTrue(list.err().get(0).startsWith(TOO_MANY), list.toString());

        CliRun.Result group = new CliRun(dir).javaHome(jdk).run("flags", "list-group", "user", "7");
        assertEquals(0, group.status(), group.toString());
        assertTrue(group.out().stream().anyMatch(l -> l.matches("BETA_SEARCH +true +false +true")), group.toString());
        assertEquals(1, group.err().size(), group.toString());
        assertTrue(group.err().get(0).startsWith(TOO_MANY), group.toString());
    }

    /** How often Redis has run this command since it started (INFO commandstats). */
    private long calls(String command) {
        for (String line : redis.command("INFO", "commandstats").split("\r?\n")) {
            if (line.startsWith("cmdstat_" + command + ":calls=")) {
                return Long.parseLong(line.substring(line.indexOf('=') + 1, line.indexOf(',')));
            }
        }
        return 0;
    }

    // ---- clear-all-group and foreign members

    /** Keys that BETA_SEARCH's user tracking set may list but that are not its user overrides. */
    private static final List<String> FOREIGN = List.of("victim:important", "SESSION:abc",
            "FLAG:pancake:k:user:OTHER:1", "FLAG:pancake:k:tenant:BETA_SEARCH:1", "FLAG:shop:k:user:BETA_SEARCH:1",
            "FLAG:pancake:k:user:beta_search:1", "FLAG:pancake:k:user:BETA_SEARCHX:1", "SWITCH:pancake:NEW_CHECKOUT",
            "FLAG:pancake:k:user:BETA_SEARCH");
    private static final List<String> OWN = List.of("FLAG:pancake:k:user:BETA_SEARCH:42",
            "FLAG:pancake:k:user:BETA_SEARCH:a:b");

    /** The tracking set lists the foreign keys and two real overrides; every key holds a value. */
    private void plant() {
        redis.flushAll();
        for (String key : FOREIGN) {
            redis.set(key, "1");
        }
        for (String key : OWN) {
            redis.set(key, "1");
        }
        List<String> sadd = new ArrayList<>(List.of("SADD", TRACKING));
        sadd.addAll(FOREIGN);
        sadd.addAll(OWN);
        redis.command(sadd.toArray(new String[0]));
    }

    /** The real overrides are gone, every foreign key holds its value, the set no longer lists them. */
    private void assertOnlyOwnCleared(String via, List<String> stderr) {
        for (String key : OWN) {
            assertNull(redis.get(key), via + " cleared " + key);
        }
        Map<String, String> foreign = new LinkedHashMap<>();
        for (String key : FOREIGN) {
            foreign.put(key, redis.get(key));
        }
        Map<String, String> expected = new LinkedHashMap<>();
        FOREIGN.forEach(k -> expected.put(k, "1"));
        assertEquals(expected, foreign, via + ": foreign keys survive");
        assertEquals(Set.of(), redis.smembers(TRACKING), via + ": the set lists nothing any more");
        // (a full read of the flags meanwhile may also say, in its own words, that the set "lists" such members)
        List<String> lines = stderr.stream().filter(l -> l.contains("key " + TRACKING + " listed ")).toList();
        assertEquals(1, lines.size(), via + ": one line: " + stderr);
        assertTrue(lines.get(0).startsWith("[pancake] WARN key " + TRACKING + " listed 9 members that are not override"
                + " keys FLAG:pancake:k:user:BETA_SEARCH:ID (such as "), lines.get(0));
        assertTrue(lines.get(0).endsWith("); clear-all-group left them undeleted and removed them from the set"),
                lines.get(0));
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void clearAllGroupDeletesOnlyTheFlagsOwnOverrides(Path jdk) throws Exception {
        plant();
        Files.writeString(dir.resolve("pancake.yml"), redisSection() + FLAGS);
        CliRun.Result r = new CliRun(dir).javaHome(jdk).run("flags", "clear-all-group", "BETA_SEARCH", "user");
        assertEquals(0, r.status(), r.toString());
        assertOnlyOwnCleared("the CLI", r.err());
        assertEquals(List.of("Flag BETA_SEARCH: 2 overrides in group user cleared."), r.out());

        try (AgentApp app = start(jdk, FLAGS + ADMIN);
                JmxClient jmx = JmxClient.attach(app.jvm().pid()).awaitPancake()) {
            String url = AdminHttp.url(app);
            plant();
            app.send("user 42");
            app.awaitAnswer(TRUE, "api flag BETA_SEARCH isActive");
            int before = app.stderr().size();
            assertEquals("= String:ok", app.send("api flag BETA_SEARCH clearAllGroup user"));
            assertEquals(FALSE, app.send("api flag BETA_SEARCH isActive"));
            assertOnlyOwnCleared("the API", awaitNew(app, before));

            plant();
            app.awaitAnswer(TRUE, "api flag BETA_SEARCH isActive");
            before = app.stderr().size();
            jmx.invoke("clearAllFlagGroup", "BETA_SEARCH", "user");
            assertEquals(FALSE, app.send("api flag BETA_SEARCH isActive"));
            assertOnlyOwnCleared("JMX", awaitNew(app, before));

            plant();
            app.awaitAnswer(TRUE, "api flag BETA_SEARCH isActive");
            before = app.stderr().size();
            HttpResponse<String> page = AdminHttp.command(url, AdminHttp.TOKEN, "{\"type\": \"flag\", \"name\":"
                    + " \"BETA_SEARCH\", \"verb\": \"clear-all-group\", \"group\": \"user\"}");
            assertEquals(200, page.statusCode(), page.body());
            assertEquals(FALSE, app.send("api flag BETA_SEARCH isActive"));
            assertOnlyOwnCleared("the admin page", awaitNew(app, before));
            JsonObject users = AdminHttp.flag(url, "BETA_SEARCH", "flag").getAsJsonObject("overrides")
                    .getAsJsonObject("user");
            assertEquals(0, users.size(), users.toString());
        }
    }

    /** The agent's stderr lines after the first {@code before}, once there is at least one. */
    private static List<String> awaitNew(AgentApp app, int before) {
        AdminHttp.await("the agent reports the foreign members", () -> app.stderr().size() > before);
        List<String> all = app.stderr();
        return all.subList(before, all.size());
    }
}
