package dev.pancake.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import dev.pancake.testkit.RedisMonitor;
import dev.pancake.testkit.TestRedis;

/**
 * Evaluation and failure rules with data nobody should have written: garbage values, keys of the wrong Redis
 * type, enormous values, and ids with odd characters. Whatever is in Redis, gated calls answer
 * (the value counts as absent, so the default applies), never throw and never wait, the flags
 * next to the bad key keep working, and each bad key is reported in one line that names it and
 * says what was expected.
 */
@Tag("fault")
class BadDataIT extends RedisAgentTests {

    // the defaults are "active", so a value that counts as absent shows as true
    private static final String YAML = """
            groups:
              user: dev.pancake.fixture.RequestContext#CURRENT_USER.id
            flags:
              LOAD_SWITCH: {type: switch, default: true}
              LOAD_FLAG: {type: flag, default: true}
              LOAD_SAMPLE: {type: sample, default: 100, sticky: user}
              HEALTHY: {type: switch, default: false}
            """;
    private static final String SWITCH = "SWITCH:pancake:LOAD_SWITCH";
    private static final String FLAG = "FLAG:pancake:LOAD_FLAG";
    private static final String SAMPLE = "SAMPLE:pancake:LOAD_SAMPLE";
    private static final String USERS = "FLAG:pancake:t:user:LOAD_FLAG";
    private static final String OVERRIDE_7 = "FLAG:pancake:k:user:LOAD_FLAG:7";
    private static final String HEALTHY = "SWITCH:pancake:HEALTHY";

    private static final String TRUE = "= Boolean:true";
    private static final String FALSE = "= Boolean:false";
    private static final String SWITCH_OR_FLAG = "expected \"1\" or \"0\"; it counts as absent";
    private static final String PERCENTAGE = "expected a percentage in 0..100; it counts as absent";

    BadDataIT(TestRedis redis) {
        super(redis);
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void garbageValuesCountAsAbsentAndEachKeyIsReportedOnce(Path jdk) {
        redis.command("SADD", USERS, "not an override key"); // a tracking set lists garbage: read at start
        try (AgentApp app = start(jdk, YAML)) {
            app.send("user 7");
            redis.set(SWITCH, "0");
            redis.set(FLAG, "0");
            redis.set(SAMPLE, "0");
            override(OVERRIDE_7, "0");
            awaitLoad(app, FALSE, FALSE, FALSE);

            String[][] garbage = {{SWITCH, "yes"}, {FLAG, "true"}, {SAMPLE, "150"}, {OVERRIDE_7, "2"}};
            for (String[] g : garbage) {
                redis.set(g[0], g[1]);
            }
            redis.set(HEALTHY, "1");
            awaitLoad(app, TRUE, TRUE, TRUE);
            app.awaitAnswer(TRUE, "api switch HEALTHY isActive");
            // more garbage in the same keys, of every kind a hand or a bug might write
            String[] more = {"", "\u2713", "NaN", "-1", "1e400", "0x10", "one", "\r\n[pancake] ERROR forged"};
            for (String v : more) {
                redis.set(SWITCH, v);
                redis.set(SAMPLE, v);
                redis.set(OVERRIDE_7, v);
                assertLoad(app, TRUE, TRUE, TRUE);
            }
            for (String v : new String[] {" 1", "1\n", "1\u0000", "01", "TRUE"}) { // a percentage may have spaces
                redis.set(SWITCH, v);
                redis.set(OVERRIDE_7, v);
                assertLoad(app, TRUE, TRUE, TRUE);
            }
            assertEquals("= Integer:500", app.send("count 500 dev.pancake.fixture.Load#switched"));

            assertOneLine(app, SWITCH, "holds \"yes\", " + SWITCH_OR_FLAG);
            assertOneLine(app, FLAG, "holds \"true\", " + SWITCH_OR_FLAG);
            assertOneLine(app, SAMPLE, "holds \"150\", " + PERCENTAGE);
            assertOneLine(app, OVERRIDE_7, "holds \"2\", " + SWITCH_OR_FLAG);
            assertOneLine(app, USERS, "lists \"not an override key\", expected override keys "
                    + "FLAG:pancake:k:user:LOAD_FLAG:ID; such members are ignored");
            assertEquals(5, app.stderr().size(), "one line per bad key, nothing else: " + app.stderr());

            // a valid value ends the problem; garbage after that is a new problem, reported again
            redis.set(SWITCH, "0");
            app.awaitCall(FALSE, "Load#switched");
            redis.set(SWITCH, "on");
            app.awaitCall(TRUE, "Load#switched");
            assertEquals(2, awaitStderr(app, "key " + SWITCH + " holds", 2).size(), app.stderr().toString());
        }
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void keysOfTheWrongTypeCountAsAbsentAndEachIsReportedOnce(Path jdk) {
        redis.command("HSET", SWITCH, "enabled", "1");
        redis.command("RPUSH", FLAG, "1");
        redis.command("SADD", SAMPLE, "50");
        redis.command("ZADD", OVERRIDE_7, "1", "1");
        redis.command("SADD", USERS, OVERRIDE_7);
        redis.command("HSET", "FLAG:pancake:t:user:HEALTHY_FLAG", "x", "y"); // a tracking "set" that is a hash
        redis.set(HEALTHY, "1");
        String yaml = YAML + "  HEALTHY_FLAG: {type: flag, default: false}\n";
        try (AgentApp app = start(jdk, yaml)) {
            app.send("user 7");
            awaitLoad(app, TRUE, TRUE, TRUE);
            app.awaitAnswer(TRUE, "api switch HEALTHY isActive");
            assertEquals(FALSE, app.send("api flag HEALTHY_FLAG isActive"));
            assertLoad(app, TRUE, TRUE, TRUE);

            assertOneLine(app, SWITCH, "holds a hash, " + SWITCH_OR_FLAG);
            assertOneLine(app, FLAG, "holds a list, " + SWITCH_OR_FLAG);
            assertOneLine(app, SAMPLE, "holds a set, " + PERCENTAGE);
            assertOneLine(app, OVERRIDE_7, "holds a zset, " + SWITCH_OR_FLAG);
            assertOneLine(app, "FLAG:pancake:t:user:HEALTHY_FLAG",
                    "is not a set, expected the set of the flag's override keys; its overrides are ignored");
            assertEquals(5, app.stderr().size(), "one line per bad key, nothing else: " + app.stderr());

            // fixed by another client: read again; broken again: reported again
            redis.del(SWITCH);
            redis.set(SWITCH, "0");
            app.awaitCall(FALSE, "Load#switched");
            redis.del(SWITCH);
            redis.command("RPUSH", SWITCH, "0");
            app.awaitCall(TRUE, "Load#switched");
            List<String> lines = awaitStderr(app, "key " + SWITCH + " holds", 2);
            assertTrue(lines.get(1).contains("holds a list"), lines.toString());
        }
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void enormousValuesAreNeverReadWholeNorTakenForAnOutage(Path jdk) {
        int tenMegabytes = 10 * 1024 * 1024;
        // a tracking set of 20,000 members: one names an override, the others absent keys
        List<String> members = new ArrayList<>(List.of("SADD", USERS));
        for (int i = 0; i < 20_000; i++) {
            members.add("FLAG:pancake:k:user:LOAD_FLAG:absent-" + i);
        }
        redis.command(members.toArray(new String[0]));
        override("FLAG:pancake:k:user:LOAD_FLAG:deep", "1");
        // what is read, not how fast: a timeout-ms that a loaded machine meets, and the monitor shows the reads
        String yaml = redisSection() + "  timeout-ms: 2000\n" + YAML;
        try (AgentApp app = AgentApp.on(jdk).config(yaml).start(); RedisMonitor monitor = RedisMonitor.start(redis)) {
            redis.set(SWITCH, "0");
            redis.set(FLAG, "0");
            redis.set(SAMPLE, "0");
            app.send("user deep");
            app.awaitCall(FALSE, "Load#switched");
            app.awaitCall(FALSE, "Load#sampled");
            assertEquals(TRUE, app.call("Load#flagged"), "the override among 20,000 members was found");
            app.send("user 7");
            override(OVERRIDE_7, "0");
            awaitLoad(app, FALSE, FALSE, FALSE);

            for (String key : List.of(SWITCH, FLAG, SAMPLE, OVERRIDE_7)) {
                redis.command("SETRANGE", key, Integer.toString(tenMegabytes - 1), "1"); // "0" and 10 MB of zero bytes
            }
            redis.set(HEALTHY, "1");
            awaitLoad(app, TRUE, TRUE, TRUE);
            app.awaitAnswer(TRUE, "api switch HEALTHY isActive");

            for (String key : List.of(SWITCH, FLAG, SAMPLE, OVERRIDE_7)) {
                assertOneLine(app, key, "holds a string of more than 1024 bytes, expected");
            }
            assertEquals(4, app.stderr().size(), "one line per bad key, nothing else: " + app.stderr());
            assertEquals(List.of(), stderr(app, OutageIT.DOWN), "reading them is no outage");
            List<RedisMonitor.Command> sent = monitor.mark();
            for (String key : List.of(SWITCH, FLAG, SAMPLE, OVERRIDE_7)) {
                List<List<String>> reads = sent.stream()
                        .filter(c -> c.args().size() > 1 && c.args().get(1).equals(key) && !c.name().startsWith("SET"))
                        .map(BadDataIT::normalised).distinct().toList();
                assertEquals(List.of(List.of("TYPE", key), List.of("GETRANGE", key, "0", "1024")),
                        reads.stream().sorted((a, b) -> b.get(0).compareTo(a.get(0))).toList(),
                        "only its type and its first 1025 bytes are read");
            }
        }
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void idsWithOddCharactersRoundTripAndForeignKeysAreIgnored(Path jdk) {
        String[] ids = {"ü ñ 日本", "a b", "a:b:c", "{tag}", "line\nbreak", "%25", "🥞", "x".repeat(5_000)};
        try (AgentApp app = start(jdk, YAML)) {
            redis.set(FLAG, "0");
            redis.set(SAMPLE, "0");
            app.awaitCall(FALSE, "Load#flagged");
            for (String id : ids) { // written by another client, read by the agent
                override("FLAG:pancake:k:user:LOAD_FLAG:" + id, "1");
            }
            for (String id : ids) {
                app.send("user-url " + encode(id));
                app.awaitCall(TRUE, "Load#flagged");
                assertEquals(FALSE, app.call("Load#sampled"));
            }
            app.send("user a");
            assertEquals(FALSE, app.call("Load#flagged"), "the id 'a' is not 'a b' nor 'a:b:c'");

            for (String id : ids) { // written by the agent, in flask-pancake's keys
                assertEquals("= String:ok", app.send("api-url flag LOAD_FLAG disableUser " + encode(id)));
                assertEquals("0", redis.get("FLAG:pancake:k:user:LOAD_FLAG:" + id));
                app.send("user-url " + encode(id));
                assertEquals(FALSE, app.call("Load#flagged"));
            }
            assertTrue(redis.smembers(USERS).contains("FLAG:pancake:k:user:LOAD_FLAG:a:b:c"), redis.smembers(USERS).toString());

            // keys under the namespace's prefixes that name nothing declared: ignored, whatever they hold
            String[] foreign = {"SWITCH:pancake:ü x", "SWITCH:pancake:", "FLAG:pancake:k:", "FLAG:pancake:k:user",
                "FLAG:pancake:k:nogroup:LOAD_FLAG:7", "FLAG:pancake:t:user:", "SAMPLE:pancake:{x}", "SWITCH:pancake:\n"};
            for (String key : foreign) {
                redis.set(key, "garbage");
            }
            redis.set(HEALTHY, "1"); // written last: once it is seen, the ones before were handled
            app.awaitAnswer(TRUE, "api switch HEALTHY isActive");
            assertEquals("= String:ok", app.send("api flag LOAD_FLAG clearAllUsers"));
            app.send("user-url " + encode(ids[0]));
            assertEquals(FALSE, app.call("Load#flagged"));
            assertEquals(List.of(), app.stderr(), "nothing to report");
        }
    }

    /** An override as flask-pancake writes it: the key, and its name in the group's tracking set. */
    private void override(String key, String value) {
        redis.command("SADD", "FLAG:pancake:t:user:" + key.split(":")[4], key);
        redis.set(key, value);
    }

    /** The command's arguments, its name upper-case. */
    private static List<String> normalised(RedisMonitor.Command c) {
        List<String> args = new ArrayList<>(c.args());
        args.set(0, c.name());
        return args;
    }

    private static String encode(String id) {
        return URLEncoder.encode(id, StandardCharsets.UTF_8);
    }

    private static void awaitLoad(AgentApp app, String switched, String flagged, String sampled) {
        app.awaitCall(switched, "Load#switched");
        app.awaitCall(flagged, "Load#flagged");
        app.awaitCall(sampled, "Load#sampled");
    }

    private static void assertLoad(AgentApp app, String switched, String flagged, String sampled) {
        assertEquals(switched, app.call("Load#switched"));
        assertEquals(flagged, app.call("Load#flagged"));
        assertEquals(sampled, app.call("Load#sampled"));
    }

    /** Exactly one stderr line names the key, and it says this. */
    private static void assertOneLine(AgentApp app, String key, String says) {
        List<String> lines = awaitStderr(app, "key " + key + " ", 1);
        assertEquals(1, lines.size(), "one line for " + key + ": " + app.stderr());
        assertTrue(lines.get(0).startsWith("[pancake] WARN key " + key + " ") && lines.get(0).contains(says),
                lines.get(0) + "\nshould say: " + says);
    }
}
