package dev.pancake.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import dev.pancake.testkit.ForkedJvm;
import dev.pancake.testkit.RedisExtension;
import dev.pancake.testkit.TestRedis;

/**
 * The real CLI ({@code java -jar pancake-agent.jar ...}, a fresh JVM per command) against a real
 * Redis: what it writes is checked with an independent client, key by key.
 */
@ExtendWith(RedisExtension.class)
class CliIT {

    static Stream<Path> jdks() {
        return ForkedJvm.jdks().stream();
    }

    private final TestRedis redis;

    @TempDir
    Path dir;

    CliIT(TestRedis redis) {
        this.redis = redis;
    }

    private static String yaml(String redisUrl) {
        return "redis:\n  url: " + redisUrl + "\n  timeout-ms: 500\n"
                + "groups:\n"
                + "  user: dev.pancake.fixture.RequestContext#CURRENT_USER.id\n"
                + "  tenant: dev.pancake.fixture.RequestContext#currentTenant()\n"
                + "flags:\n"
                + "  NEW_CHECKOUT: {type: switch, default: false}\n"
                + "  DARK_MODE: {type: switch, default: true}\n"
                + "  BETA_SEARCH: {type: flag, default: false}\n"
                + "  RECOMMENDATIONS: {type: sample, default: 25}\n";
    }

    @BeforeEach
    void setUp() throws IOException {
        redis.flushAll();
        Files.writeString(dir.resolve("pancake.yml"), yaml(redis.url()));
    }

    /** The CLI in {@link #dir}, where pancake.yml is. */
    private CliRun.Result cli(String... args) {
        return new CliRun(dir).run(args);
    }

    private static void assertOk(CliRun.Result r, String stdout) {
        assertEquals(0, r.status(), r.toString());
        assertEquals(stdout, r.stdout(), r.toString());
        assertEquals(List.of(), r.err(), r.toString());
    }

    /** Exit status 2 and exactly one line on stderr, with nothing on stdout. */
    private static void assertUsageError(CliRun.Result r, String line) {
        assertEquals(2, r.status(), r.toString());
        assertEquals(List.of("pancake: " + line), r.err(), r.toString());
        assertEquals(List.of(), r.out(), r.toString());
    }

    /** How many of flask-pancake's keys there are (Pancake's own, PANCAKE:{ns}:..., are checked apart). */
    private long keyCount() {
        Object keys = redis.cli().call("KEYS", "*");
        return ((List<?>) keys).stream().map(String::valueOf).filter(k -> !k.startsWith("PANCAKE:")).count();
    }

    /** The history stream's entries, newest first, each as its fields. */
    private List<java.util.Map<String, String>> history() {
        List<java.util.Map<String, String>> out = new ArrayList<>();
        for (Object entry : (List<?>) redis.cli().call("XREVRANGE", "PANCAKE:pancake:history", "+", "-")) {
            List<?> fields = (List<?>) ((List<?>) entry).get(1);
            java.util.Map<String, String> m = new java.util.LinkedHashMap<>();
            for (int i = 0; i + 1 < fields.size(); i += 2) {
                m.put(String.valueOf(fields.get(i)), String.valueOf(fields.get(i + 1)));
            }
            out.add(m);
        }
        return out;
    }

    // ---- the fleet, without any agent

    @Test
    void theFleetCommandsAnswerWithoutAnyAgentAndRefuseBadInput() throws IOException {
        assertOk(cli("instances"), "no running instances (none has sent a heartbeat in the last 30 s)\n");
        assertOk(cli("instances", "--json"), "[]\n");
        CliRun.Result fleet = cli("list", "--fleet");
        assertEquals(0, fleet.status(), fleet.toString());
        assertTrue(fleet.out().get(0).startsWith("NAME ") && fleet.out().get(0).contains("INSTANCES"), fleet.toString());
        assertTrue(fleet.out().stream().anyMatch(l -> l.matches("NEW_CHECKOUT +switch +false +- +never")), fleet.toString());
        assertOk(cli("stale"), "nothing to clean up: every flag was evaluated within 30 days, is declared by a running"
                + " instance, and none has been fully on for 30 days\n");
        redis.set("SWITCH:pancake:NEW_CHECKOUT", "1");
        CliRun.Result stale = cli("stale", "--days", "7");
        assertEquals(0, stale.status(), stale.toString());
        assertTrue(stale.out().get(1).matches("orphan +switch:NEW_CHECKOUT +no running instance declares it.*"
                + "redis-cli DEL SWITCH:pancake:NEW_CHECKOUT"), stale.toString());
        assertUsageError(cli("stale", "--days", "0"), "--days expects a whole number from 1 to 3650, got '0'");
        assertUsageError(cli("instances", "web-1"), "instances: unexpected argument 'web-1' (usage: instances [--json])");
        assertUsageError(cli("instances", "--limit", "3"), "instances does not take --limit (usage: instances [--json])");
        assertUsageError(cli("switches", "enable", "NEW_CHECKOUT", "--reason"), "--reason needs a TEXT: --reason \"ticket 42\"");
    }

    // ---- the history

    @Test
    void everyWriteIsRecordedWithTheActorTheReasonAndTheHost() {
        assertOk(new CliRun(dir).env("PANCAKE_ACTOR", "deploy-bot").run("switches", "enable", "NEW_CHECKOUT", "--reason",
                "ticket 42"), "Switch NEW_CHECKOUT enabled.\n");
        assertOk(cli("flags", "enable-group", "BETA_SEARCH", "user", "42"), "Flag BETA_SEARCH enabled for user 42.\n");
        List<java.util.Map<String, String>> h = history();
        assertEquals(2, h.size(), h.toString());
        java.util.Map<String, String> first = h.get(1);
        assertEquals("NEW_CHECKOUT", first.get("flag"));
        assertEquals("switch", first.get("type"));
        assertEquals("enable", first.get("verb"));
        assertNull(first.get("old"));
        assertEquals("1", first.get("new"));
        assertEquals("deploy-bot", first.get("actor"));
        assertEquals("cli", first.get("via"));
        assertEquals("ticket 42", first.get("reason"));
        assertFalse(first.get("host").isBlank());
        assertTrue(Long.parseLong(first.get("time")) > 0);
        java.util.Map<String, String> second = h.get(0);
        assertEquals(System.getProperty("user.name"), second.get("actor"), "without PANCAKE_ACTOR, the OS user");
        assertEquals("user", second.get("group"));
        assertEquals("42", second.get("id"));
        assertNull(second.get("reason"));
        assertEquals("1", redis.get("PANCAKE:pancake:history:seen:SWITCH:pancake:NEW_CHECKOUT"),
                "the marker that tells the agents the change is accounted for");
    }

    @Test
    void historyShowsTheNewestFirstByFlagWithALimitAndAsJson() {
        cli("switches", "enable", "NEW_CHECKOUT", "--reason", "launch");
        cli("switches", "disable", "NEW_CHECKOUT");
        cli("samples", "set", "RECOMMENDATIONS", "42");
        CliRun.Result all = cli("history");
        assertEquals(0, all.status(), all.toString());
        assertEquals(4, all.out().size(), all.toString());
        assertTrue(all.out().get(0).startsWith("TIME "), all.toString());
        assertTrue(all.out().get(1).contains("RECOMMENDATIONS (sample)  set: (absent) -> 42.0"), all.toString());
        assertTrue(all.out().get(3).contains("NEW_CHECKOUT (switch)     enable: (absent) -> 1"), all.toString());
        assertTrue(all.out().get(3).contains("  cli  ") && all.out().get(3).endsWith("launch"), all.toString());

        CliRun.Result one = cli("history", "new_checkout", "--limit", "1", "--json");
        assertEquals(0, one.status(), one.toString());
        JsonArray entries = JsonParser.parseString(one.stdout()).getAsJsonArray();
        assertEquals(1, entries.size());
        JsonObject e = entries.get(0).getAsJsonObject();
        assertEquals("disable", e.get("verb").getAsString());
        assertEquals("1", e.get("old").getAsString());
        assertEquals("0", e.get("new").getAsString());
        assertTrue(e.get("reason").isJsonNull());
        assertTrue(e.get("time").getAsString().endsWith("Z"));

        assertOk(cli("history", "DARK_MODE"), "no changes of DARK_MODE are recorded\n");
        assertUsageError(cli("history", "--limit", "lots"), "--limit expects a whole number from 1 to 10000, got 'lots'");
        assertUsageError(cli("list", "--reason", "x"), "list does not take --reason (usage: list [--json])");
    }

    // ---- writes: flask-pancake's keys and values

    @Test
    void switchesEnableDisableClearWriteTheSwitchKey() {
        assertOk(cli("switches", "enable", "new_checkout"), "Switch NEW_CHECKOUT enabled.\n");
        assertEquals("1", redis.get("SWITCH:pancake:NEW_CHECKOUT"));
        assertOk(cli("switches", "disable", "NEW_CHECKOUT"), "Switch NEW_CHECKOUT disabled.\n");
        assertEquals("0", redis.get("SWITCH:pancake:NEW_CHECKOUT"));
        assertOk(cli("switches", "clear", "NEW_CHECKOUT"), "Switch NEW_CHECKOUT cleared; its default (false) applies.\n");
        assertNull(redis.get("SWITCH:pancake:NEW_CHECKOUT"));
        assertEquals(0, keyCount());
    }

    @Test
    void flagsEnableDisableClearWriteTheGlobalFlagKey() {
        assertOk(cli("flags", "enable", "BETA_SEARCH"), "Flag BETA_SEARCH enabled.\n");
        assertEquals("1", redis.get("FLAG:pancake:BETA_SEARCH"));
        assertOk(cli("flags", "disable", "beta_search"), "Flag BETA_SEARCH disabled.\n");
        assertEquals("0", redis.get("FLAG:pancake:BETA_SEARCH"));
        assertOk(cli("flags", "clear", "BETA_SEARCH"), "Flag BETA_SEARCH cleared; its default (false) applies.\n");
        assertEquals(0, keyCount());
    }

    @Test
    void groupOverridesAreWrittenAndTrackedLikeFlaskPancake() {
        String key42 = "FLAG:pancake:k:user:BETA_SEARCH:42";
        String key43 = "FLAG:pancake:k:user:BETA_SEARCH:43";
        String tracking = "FLAG:pancake:t:user:BETA_SEARCH";
        assertOk(cli("flags", "enable-group", "BETA_SEARCH", "user", "42"), "Flag BETA_SEARCH enabled for user 42.\n");
        assertOk(cli("flags", "disable-group", "BETA_SEARCH", "user", "43"), "Flag BETA_SEARCH disabled for user 43.\n");
        assertEquals("1", redis.get(key42));
        assertEquals("0", redis.get(key43));
        assertEquals(Set.of(key42, key43), redis.smembers(tracking));

        assertOk(cli("flags", "clear-group", "BETA_SEARCH", "user", "42"),
                "Flag BETA_SEARCH: the override for user 42 cleared.\n");
        assertNull(redis.get(key42));
        assertEquals(Set.of(key43), redis.smembers(tracking));

        assertOk(cli("flags", "enable-group", "BETA_SEARCH", "tenant", "acme"),
                "Flag BETA_SEARCH enabled for tenant acme.\n");
        assertOk(cli("flags", "enable-group", "BETA_SEARCH", "user", "44"), "Flag BETA_SEARCH enabled for user 44.\n");
        assertOk(cli("flags", "clear-all-group", "BETA_SEARCH", "user"),
                "Flag BETA_SEARCH: 2 overrides in group user cleared.\n");
        assertNull(redis.get(key43));
        assertNull(redis.get("FLAG:pancake:k:user:BETA_SEARCH:44"));
        assertEquals(Set.of(), redis.smembers(tracking));
        assertEquals("1", redis.get("FLAG:pancake:k:tenant:BETA_SEARCH:acme"), "other groups stay");
        assertEquals(Set.of("FLAG:pancake:k:tenant:BETA_SEARCH:acme"),
                redis.smembers("FLAG:pancake:t:tenant:BETA_SEARCH"));
    }

    @Test
    void samplesAreStoredAsFlaskPancakeWritesAFloat() {
        assertOk(cli("samples", "set", "RECOMMENDATIONS", "42.5"), "Sample RECOMMENDATIONS set to 42.5%.\n");
        assertEquals("42.5", redis.get("SAMPLE:pancake:RECOMMENDATIONS"));
        assertOk(cli("samples", "set", "recommendations", "42"), "Sample RECOMMENDATIONS set to 42.0%.\n");
        assertEquals("42.0", redis.get("SAMPLE:pancake:RECOMMENDATIONS"));
        assertOk(cli("samples", "set", "RECOMMENDATIONS", "7%"), "Sample RECOMMENDATIONS set to 7.0%.\n");
        assertEquals("7.0", redis.get("SAMPLE:pancake:RECOMMENDATIONS"));
        assertOk(cli("samples", "set", "RECOMMENDATIONS", "100"), "Sample RECOMMENDATIONS set to 100.0%.\n");
        assertEquals("100.0", redis.get("SAMPLE:pancake:RECOMMENDATIONS"));
        assertOk(cli("samples", "clear", "RECOMMENDATIONS"),
                "Sample RECOMMENDATIONS cleared; its default (25.0%) applies.\n");
        assertEquals(0, keyCount());
    }

    @Test
    void aBadPercentageWritesNothing() {
        redis.set("SAMPLE:pancake:RECOMMENDATIONS", "10.0");
        assertUsageError(cli("samples", "set", "RECOMMENDATIONS", "142"),
                "sample RECOMMENDATIONS: expected a percentage in 0..100, got \"142\"");
        assertUsageError(cli("samples", "set", "RECOMMENDATIONS", "-5"),
                "sample RECOMMENDATIONS: expected a percentage in 0..100, got \"-5\"");
        assertUsageError(cli("samples", "set", "RECOMMENDATIONS", "half"),
                "sample RECOMMENDATIONS: expected a percentage in 0..100, got \"half\"");
        assertEquals("10.0", redis.get("SAMPLE:pancake:RECOMMENDATIONS"));
    }

    @Test
    void theNamespaceOfPancakeYmlIsTheKeyPrefix() throws IOException {
        Files.writeString(dir.resolve("pancake.yml"), "namespace: shop\n" + yaml(redis.url()));
        assertOk(cli("switches", "enable", "NEW_CHECKOUT"), "Switch NEW_CHECKOUT enabled.\n");
        assertEquals("1", redis.get("SWITCH:shop:NEW_CHECKOUT"));
        assertOk(cli("flags", "enable-group", "BETA_SEARCH", "user", "42"), "Flag BETA_SEARCH enabled for user 42.\n");
        assertEquals(Set.of("FLAG:shop:k:user:BETA_SEARCH:42"), redis.smembers("FLAG:shop:t:user:BETA_SEARCH"));
        assertEquals(3, keyCount());
    }

    // ---- list

    @Test
    void listPrintsAnAlignedTableSortedByName() {
        redis.set("SWITCH:pancake:NEW_CHECKOUT", "1");
        redis.set("SAMPLE:pancake:RECOMMENDATIONS", "42.5");
        redis.set("SWITCH:pancake:DARK_MODE", "maybe"); // not a valid value: the default shows
        CliRun.Result r = cli("list");
        assertOk(r, ""
                + "NAME             TYPE    DEFAULT  CURRENT\n"
                + "BETA_SEARCH      flag    false    false\n"
                + "DARK_MODE        switch  true     true\n"
                + "NEW_CHECKOUT     switch  false    true\n"
                + "RECOMMENDATIONS  sample  25.0     42.5\n");
        assertAligned(r.out());
    }

    /** Every cell starts where its column's header starts. */
    private static void assertAligned(List<String> lines) {
        List<Integer> starts = new ArrayList<>();
        String header = lines.get(0);
        for (String h : header.split(" +")) {
            starts.add(header.indexOf(h));
        }
        for (String line : lines) {
            String[] cells = line.split(" +");
            assertEquals(starts.size(), cells.length, line);
            int from = 0;
            for (int i = 0; i < cells.length; i++) {
                int at = line.indexOf(cells[i], from);
                assertEquals(starts.get(i), at, "column " + i + " of '" + line + "'");
                from = at + cells[i].length();
            }
            assertFalse(line.endsWith(" "), "trailing blank in '" + line + "'");
        }
    }

    @Test
    void listByTypeShowsOnlyThatType() {
        assertOk(cli("switches", "list"), ""
                + "NAME          TYPE    DEFAULT  CURRENT\n"
                + "DARK_MODE     switch  true     true\n"
                + "NEW_CHECKOUT  switch  false    false\n");
        assertOk(cli("samples", "list"), ""
                + "NAME             TYPE    DEFAULT  CURRENT\n"
                + "RECOMMENDATIONS  sample  25.0     25.0\n");
    }

    @Test
    void listJsonIsParseableAndComplete() {
        redis.set("FLAG:pancake:BETA_SEARCH", "1");
        redis.set("SAMPLE:pancake:RECOMMENDATIONS", "42.5");
        assertEquals(0, cli("flags", "disable-group", "BETA_SEARCH", "user", "7").status());
        CliRun.Result r = cli("list", "--json");
        assertEquals(0, r.status(), r.toString());
        JsonObject json = JsonParser.parseString(r.stdout()).getAsJsonObject();
        assertEquals("pancake", json.get("namespace").getAsString());
        assertEquals("Redis " + redis.url(), json.get("store").getAsString());
        JsonArray flags = json.getAsJsonArray("flags");
        assertEquals(4, flags.size());
        JsonObject beta = flags.get(0).getAsJsonObject();
        assertEquals("BETA_SEARCH", beta.get("name").getAsString());
        assertEquals("flag", beta.get("type").getAsString());
        assertFalse(beta.get("default").getAsBoolean());
        assertTrue(beta.get("current").getAsBoolean());
        assertEquals("1", beta.get("stored").getAsString());
        assertFalse(beta.getAsJsonObject("overrides").getAsJsonObject("user").get("7").getAsBoolean());
        assertEquals(0, beta.getAsJsonObject("overrides").getAsJsonObject("tenant").size());
        JsonObject darkMode = flags.get(1).getAsJsonObject();
        assertTrue(darkMode.get("stored").isJsonNull(), "absent values are null, not missing");
        assertFalse(darkMode.has("overrides"), "only flags have overrides");
        JsonObject recommendations = flags.get(3).getAsJsonObject();
        assertEquals(25.0, recommendations.get("default").getAsDouble());
        assertEquals(42.5, recommendations.get("current").getAsDouble());
    }

    @Test
    void listGroupShowsWhatOneMemberGets() throws IOException {
        Files.writeString(dir.resolve("pancake.yml"), yaml(redis.url()) + "  NEW_UI: {type: flag, default: true}\n"
                + "  OLD_UI: {type: flag, default: false}\n");
        redis.set("FLAG:pancake:OLD_UI", "1");
        assertEquals(0, cli("flags", "disable-group", "NEW_UI", "user", "42").status());
        assertEquals(0, cli("flags", "enable-group", "BETA_SEARCH", "user", "42").status());
        assertOk(cli("flags", "list-group", "user", "42"), ""
                + "NAME         OVERRIDE  GLOBAL  CURRENT\n"
                + "BETA_SEARCH  true      false   true\n"
                + "NEW_UI       false     true    false\n"
                + "OLD_UI       -         true    true\n");
        assertOk(cli("flags", "list-group", "user", "7"), ""
                + "NAME         OVERRIDE  GLOBAL  CURRENT\n"
                + "BETA_SEARCH  -         false   false\n"
                + "NEW_UI       -         true    true\n"
                + "OLD_UI       -         true    true\n");
        CliRun.Result json = cli("flags", "list-group", "user", "42", "--json");
        assertEquals(0, json.status(), json.toString());
        JsonObject parsed = JsonParser.parseString(json.stdout()).getAsJsonObject();
        assertEquals("user", parsed.get("group").getAsString());
        assertEquals("42", parsed.get("id").getAsString());
        JsonElement newUi = parsed.getAsJsonArray("flags").get(1);
        assertFalse(newUi.getAsJsonObject().get("override").getAsBoolean());
        assertTrue(parsed.getAsJsonArray("flags").get(2).getAsJsonObject().get("override").isJsonNull());
    }

    // ---- mistakes: exit 2, one line, nothing written

    @Test
    void anUnknownNameSuggestsTheClosestDeclaredOne() {
        assertUsageError(cli("switches", "enable", "NEW_CHEKOUT"), "unknown switch NEW_CHEKOUT; did you mean NEW_CHECKOUT?");
        assertUsageError(cli("switches", "enable", "PAYMENTS"),
                "unknown switch PAYMENTS; pancake.yml declares the switches DARK_MODE, NEW_CHECKOUT");
        assertEquals(0, keyCount());
    }

    @Test
    void aNameDeclaredWithAnotherTypeNamesItsTypeAndTheRightCommand() {
        assertUsageError(cli("switches", "enable", "BETA_SEARCH"),
                "BETA_SEARCH is a flag, not a switch (declared at pancake.yml:10); use: flags enable BETA_SEARCH");
        assertUsageError(cli("switches", "disable", "RECOMMENDATIONS"),
                "RECOMMENDATIONS is a sample, not a switch (declared at pancake.yml:11);"
                        + " use: samples set RECOMMENDATIONS 0");
        assertEquals(0, keyCount());
    }

    @Test
    void anUnknownGroupSuggestsTheClosestDeclaredOne() {
        assertUsageError(cli("flags", "enable-group", "BETA_SEARCH", "usr", "42"), "unknown group usr; did you mean user?");
        assertEquals(0, keyCount());
    }

    @Test
    void anUnknownCommandOrOptionSuggestsTheClosest() {
        assertUsageError(cli("swiches", "enable", "NEW_CHECKOUT"), "unknown command swiches; did you mean switches?");
        assertUsageError(cli("list", "--jsno"), "unknown option --jsno; did you mean --json?");
        assertUsageError(cli("flags", "enable"), "flags enable needs NAME (usage: flags enable NAME)");
    }

    // ---- pancake.yml

    @Test
    void aMissingConfigIsOneLine() throws IOException {
        Path empty = Files.createDirectory(dir.resolve("empty"));
        assertUsageError(new CliRun(empty).run("list"), "no pancake.yml in " + empty.toRealPath()
                + "; name one with --config FILE, -Dpancake.config=FILE or PANCAKE_CONFIG=FILE");
        assertUsageError(new CliRun(empty).run("--config", "/nowhere/pancake.yml", "list"),
                "/nowhere/pancake.yml (named by --config) does not exist");
        assertUsageError(new CliRun(empty).env("PANCAKE_CONFIG", "/nowhere/app.yml").run("list"),
                "/nowhere/app.yml (named by PANCAKE_CONFIG) does not exist");
    }

    @Test
    void theConfigIsFoundLikeTheAgentFindsIt() throws IOException {
        Path elsewhere = Files.createDirectory(dir.resolve("elsewhere"));
        String file = dir.resolve("pancake.yml").toString();
        assertEquals(0, new CliRun(elsewhere).run("--config", file, "switches", "enable", "NEW_CHECKOUT").status());
        assertEquals(0, new CliRun(elsewhere).env("PANCAKE_CONFIG", file).run("switches", "disable", "NEW_CHECKOUT")
                .status());
        assertEquals("0", redis.get("SWITCH:pancake:NEW_CHECKOUT"));
        assertEquals(0, new CliRun(elsewhere).jvmArg("-Dpancake.config=" + file).env("PANCAKE_CONFIG", "/nowhere.yml")
                .run("switches", "enable", "NEW_CHECKOUT").status(), "the system property comes before the variable");
        assertEquals("1", redis.get("SWITCH:pancake:NEW_CHECKOUT"));
    }

    @Test
    void withoutRedisTheCliSaysItNeedsRedisInOneLine() throws IOException {
        Files.writeString(dir.resolve("pancake.yml"), "flags:\n  NEW_CHECKOUT: {default: false}\n");
        CliRun.Result r = cli("switches", "enable", "NEW_CHECKOUT");
        assertEquals(2, r.status(), r.toString());
        assertEquals(1, r.err().size(), r.toString());
        assertTrue(r.err().get(0).startsWith("pancake: pancake.yml has no redis: section"), r.toString());
        assertTrue(r.err().get(0).contains("needs redis: in pancake.yml (for in-memory flags use JMX or the admin page)"),
                r.toString());
    }

    @Test
    void anInvalidRedisUrlIsAUsageErrorInOneLineNamingTheFileAndTheKey() throws IOException {
        for (String url : List.of("redis://cache:port/0", "redis://:s3cret-pw@/0", "rediss://")) {
            Files.writeString(dir.resolve("pancake.yml"), yaml(url));
            CliRun.Result r = cli("switches", "enable", "NEW_CHECKOUT");
            assertEquals(2, r.status(), r.toString());
            assertEquals(1, r.err().size(), r.toString());
            assertTrue(r.err().get(0).startsWith("pancake: pancake.yml: redis.url "), r.toString());
            assertFalse(r.toString().contains("s3cret-pw"), r.toString());
            assertEquals(List.of(), r.out());
        }
    }

    @Test
    void anInvalidConfigNamesEachProblemWithItsLine() throws IOException {
        Files.writeString(dir.resolve("pancake.yml"), yaml(redis.url()) + "  BROKEN: {type: swtch}\n");
        CliRun.Result r = cli("list");
        assertEquals(2, r.status(), r.toString());
        assertEquals(List.of("pancake: pancake.yml:12:18: flags.BROKEN.type: expected switch, flag or sample,"
                + " got \"swtch\""), r.err());
    }

    // ---- Redis unreachable: exit 1, one line, bounded by timeout-ms

    @Test
    void aClosedPortFailsWithStatus1InOneLine() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Files.writeString(dir.resolve("pancake.yml"), yaml("redis://127.0.0.1:" + port + "/0"));
        for (String[] command : List.of(new String[] {"list"}, new String[] {"switches", "enable", "NEW_CHECKOUT"},
                new String[] {"flags", "list-group", "user", "42"})) {
            CliRun.Result r = cli(command);
            assertEquals(1, r.status(), r.toString());
            assertEquals(1, r.err().size(), r.toString());
            assertTrue(r.err().get(0).startsWith("pancake: cannot reach Redis redis://127.0.0.1:" + port + "/0 ("),
                    r.toString());
            assertEquals(List.of(), r.out());
            System.out.println("closed port: '" + String.join(" ", command) + "' exited after " + r.took().toMillis()
                    + " ms");
        }
    }

    @Test
    void aRedisThatNeverAnswersFailsAfterTheTimeoutWithStatus1() throws IOException {
        // a listening socket that nobody accepts: connecting succeeds, every read waits forever
        try (ServerSocket silent = new ServerSocket(0, 50)) {
            Files.writeString(dir.resolve("pancake.yml"), yaml("redis://127.0.0.1:" + silent.getLocalPort() + "/0")
                    .replace("timeout-ms: 500", "timeout-ms: 300"));
            CliRun.Result r = cli("switches", "enable", "NEW_CHECKOUT");
            assertEquals(1, r.status(), r.toString());
            assertEquals(1, r.err().size(), r.toString());
            assertTrue(r.err().get(0).startsWith("pancake: cannot reach Redis redis://127.0.0.1:"), r.toString());
            System.out.println("silent Redis, timeout-ms 300: exited after " + r.took().toMillis() + " ms");
        }
    }

    @Test
    void passwordsNeverAppearInTheOutput() throws IOException {
        try (TestRedis locked = TestRedis.start("--requirepass", "s3cret-pw")) {
            String url = "redis://default:s3cret-pw@" + locked.host() + ":" + locked.port() + "/0";
            Files.writeString(dir.resolve("pancake.yml"), yaml(url));
            CliRun.Result list = cli("list", "--json");
            assertEquals(0, list.status(), list.toString());
            assertTrue(list.stdout().contains("\"store\": \"Redis redis://default:***@"), list.toString());
            assertFalse(list.toString().contains("s3cret-pw"), list.toString());

            Files.writeString(dir.resolve("pancake.yml"), yaml(url.replace("s3cret-pw", "wrong-pw")));
            CliRun.Result refused = cli("switches", "enable", "NEW_CHECKOUT");
            assertEquals(1, refused.status(), refused.toString());
            assertEquals(1, refused.err().size(), refused.toString());
            assertFalse(refused.toString().contains("wrong-pw"), refused.toString());
        }
    }

    // ---- help

    @Test
    void everyCommandHasHelp() {
        for (String[] command : List.of(new String[] {"--help"}, new String[] {"help"}, new String[] {"flags", "--help"},
                new String[] {"help", "flags", "enable-group"}, new String[] {"samples", "set", "-h"},
                new String[] {"list", "--help"})) {
            CliRun.Result r = new CliRun(dir).run(command);
            assertEquals(0, r.status(), r.toString());
            assertTrue(r.out().get(0).startsWith("Usage: java -jar pancake-agent.jar [--config FILE] "), r.toString());
            assertEquals(List.of(), r.err(), r.toString());
        }
    }

    @Test
    void noCommandPrintsTheUsageWithStatus2() {
        CliRun.Result r = cli();
        assertEquals(2, r.status(), r.toString());
        assertTrue(r.err().get(0).startsWith("Usage: "), r.toString());
    }

    // ---- a running application sees what the CLI writes

    @ParameterizedTest
    @MethodSource("jdks")
    void aRunningAppSeesWhatTheCliChanges(Path jdk) {
        String config = "redis:\n  url: " + redis.url() + "\n"
                + "groups:\n  user: dev.pancake.fixture.RequestContext#CURRENT_USER.id\n"
                + "flags:\n  NEW_CHECKOUT: {type: switch, default: false}\n  BETA_SEARCH: {type: flag, default: false}\n";
        try (AgentApp app = AgentApp.on(jdk).config(config).start()) {
            CliRun cli = new CliRun(app.dir()).javaHome(jdk);
            assertEquals("= null", app.call("Shop#checkout"));
            assertOk(cli.run("switches", "enable", "NEW_CHECKOUT"), "Switch NEW_CHECKOUT enabled.\n");
            app.awaitCall("= String:new checkout", "Shop#checkout");

            assertEquals("= String:ok", app.send("user 42"));
            assertEquals("= null", app.call("Catalog#search"));
            assertOk(cli.run("flags", "enable-group", "BETA_SEARCH", "user", "42"),
                    "Flag BETA_SEARCH enabled for user 42.\n");
            app.awaitCall("= String:beta search", "Catalog#search");
            assertEquals("= String:ok", app.send("user 7"));
            assertEquals("= null", app.call("Catalog#search"), "only user 42 has the override");

            assertOk(cli.run("switches", "clear", "NEW_CHECKOUT"),
                    "Switch NEW_CHECKOUT cleared; its default (false) applies.\n");
            app.awaitCall("= null", "Shop#checkout");
        }
    }
}
