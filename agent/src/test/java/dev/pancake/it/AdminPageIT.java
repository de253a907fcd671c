package dev.pancake.it;

import static dev.pancake.it.AdminHttp.TOKEN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
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

/** The admin page of the real agent jar, over plain HTTP, against a real Redis. */
@ExtendWith(RedisExtension.class)
class AdminPageIT {

    @TempDir
    Path dir;

    static final String FLAGS = """
            groups:
              user: dev.pancake.fixture.RequestContext#CURRENT_USER.id
            flags:
              NEW_CHECKOUT: {type: switch, default: false}
              BETA_SEARCH: {type: flag, default: false}
              SEARCH_RANKING: {type: sample, default: 25}
            """;
    static final String XSS = "<script>window.pwned=1</script><img src=x onerror=\"window.pwned=2\">";

    static Stream<Path> jdks() {
        return ForkedJvm.jdks().stream();
    }

    private final TestRedis redis;

    AdminPageIT(TestRedis redis) {
        this.redis = redis;
    }

    @BeforeEach
    void clean() {
        redis.flushAll();
    }

    static String config(TestRedis redis, String admin) {
        return "redis:\n  url: " + redis.url() + "\n" + FLAGS + admin;
    }

    static String admin(String token) {
        return "admin:\n  port: 0\n" + (token == null ? "" : "  token: " + token + "\n");
    }

    private AgentApp start(Path jdk, String token) {
        return AgentApp.on(jdk).config(config(redis, admin(token))).start();
    }

    /** An override for a user whose id is an attack on the page, written as flask-pancake writes it. */
    static void hostileOverride(TestRedis redis) {
        String key = "FLAG:pancake:k:user:BETA_SEARCH:" + XSS;
        redis.command("SADD", "FLAG:pancake:t:user:BETA_SEARCH", key);
        redis.set(key, "1");
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void statusListsEveryFlagWithItsStateCountsAndOverrides(Path jdk) throws IOException {
        redis.set("SWITCH:pancake:NEW_CHECKOUT", "1");
        redis.set("SAMPLE:pancake:SEARCH_RANKING", "42.5");
        hostileOverride(redis);
        try (AgentApp app = start(jdk, TOKEN)) {
            String url = AdminHttp.url(app);
            app.call("Shop#checkout");
            app.call("Shop#checkout");
            AdminHttp.await("two active calls are counted", () -> AdminHttp.flag(url, "NEW_CHECKOUT", "switch")
                    .getAsJsonObject("counts").get("active").getAsLong() == 2);
            JsonObject checkout = AdminHttp.flag(url, "NEW_CHECKOUT", "switch");
            assertTrue(checkout.get("current").getAsJsonPrimitive().isBoolean(), checkout.toString());
            assertTrue(checkout.get("current").getAsBoolean());
            assertFalse(checkout.get("default").getAsBoolean());
            assertTrue(checkout.get("declared").getAsBoolean());
            assertEquals("1", checkout.get("stored").getAsString());
            assertEquals(0, checkout.getAsJsonObject("counts").get("inactive").getAsLong());
            assertTrue(checkout.get("methods").toString().contains("dev.pancake.fixture.Shop#checkout"),
                    checkout.toString());
            JsonObject ranking = AdminHttp.flag(url, "SEARCH_RANKING", "sample");
            assertTrue(ranking.get("current").getAsJsonPrimitive().isNumber(), ranking.toString());
            assertEquals(42.5, ranking.get("current").getAsDouble());
            assertEquals(25.0, ranking.get("default").getAsDouble());
            assertFalse(ranking.has("overrides"), "only flags have overrides");
            JsonObject beta = AdminHttp.flag(url, "BETA_SEARCH", "flag");
            assertFalse(beta.get("current").getAsBoolean());
            assertTrue(beta.get("stored").isJsonNull());
            assertTrue(beta.getAsJsonObject("overrides").getAsJsonObject("user").get(XSS).getAsBoolean(),
                    beta.toString());
            HttpResponse<String> status = AdminHttp.get(url + "status");
            assertTrue(status.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
            assertFalse(status.body().contains("<script>"), "JSON escapes markup: " + status.body());
            assertSameFlagsAsTheCli(JsonParser.parseString(status.body()).getAsJsonObject().getAsJsonArray("flags"));
        }
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void metricsAreInThePrometheusTextFormat(Path jdk) {
        redis.set("SWITCH:pancake:NEW_CHECKOUT", "1");
        redis.set("SAMPLE:pancake:SEARCH_RANKING", "42.5");
        try (AgentApp app = start(jdk, null)) {
            String url = AdminHttp.url(app);
            app.call("Shop#checkout");
            app.call("Shop#checkout");
            AdminHttp.await("two active calls are counted", () -> AdminHttp.get(url + "metrics").body().contains(
                    "pancake_evaluations_total{flag=\"NEW_CHECKOUT\",type=\"switch\",outcome=\"active\"} 2\n"));
            HttpResponse<String> metrics = AdminHttp.get(url + "metrics");
            assertEquals(200, metrics.statusCode());
            assertEquals("text/plain; version=0.0.4; charset=utf-8",
                    metrics.headers().firstValue("Content-Type").orElse(""));
            String body = metrics.body();
            for (String line : List.of(
                    "pancake_evaluations_total{flag=\"NEW_CHECKOUT\",type=\"switch\",outcome=\"inactive\"} 0",
                    "pancake_flag_enabled{flag=\"NEW_CHECKOUT\",type=\"switch\"} 1",
                    "pancake_flag_enabled{flag=\"BETA_SEARCH\",type=\"flag\"} 0",
                    "pancake_sample_percent{flag=\"SEARCH_RANKING\",type=\"sample\"} 42.5",
                    "pancake_store_up 1", "# TYPE pancake_evaluations_total counter",
                    "# TYPE pancake_changes_seen_total counter", "# TYPE pancake_store_up gauge")) {
                assertTrue(body.lines().anyMatch(line::equals), "no line " + line + " in\n" + body);
            }
            Set<String> typed = new HashSet<>();
            for (String line : body.lines().toList()) {
                if (line.startsWith("# TYPE ")) {
                    typed.add(line.split(" ")[2]);
                } else if (!line.startsWith("# HELP ")) {
                    assertTrue(line.matches("[a-z_]+(\\{[^}]*\\})? -?[0-9.]+"), "not a sample line: " + line);
                    assertTrue(typed.contains(line.replaceAll("[{ ].*", "")), "no TYPE before " + line);
                }
            }
            long before = changesSeen(url);
            redis.set("SWITCH:pancake:NEW_CHECKOUT", "0"); // another client's change
            AdminHttp.await("the change is seen", () -> AdminHttp.get(url + "metrics").body().lines().anyMatch(
                    "pancake_flag_enabled{flag=\"NEW_CHECKOUT\",type=\"switch\"} 0"::equals));
            assertEquals(before + 1, changesSeen(url));
        }
    }

    private static long changesSeen(String url) {
        return Long.parseLong(AdminHttp.get(url + "metrics").body().lines()
                .filter(l -> l.startsWith("pancake_changes_seen_total ")).findFirst().orElseThrow().split(" ")[1]);
    }

    /** list --json, run beside the page on the same pancake.yml and Redis, prints each flag as /status does, without what only the agent knows. */
    private void assertSameFlagsAsTheCli(JsonArray statusFlags) throws IOException {
        Files.writeString(dir.resolve("pancake.yml"), config(redis, ""));
        CliRun.Result list = new CliRun(dir).run("list", "--json");
        assertEquals(0, list.status(), list.toString());
        JsonArray cliFlags = JsonParser.parseString(list.stdout()).getAsJsonObject().getAsJsonArray("flags");
        Map<String, JsonObject> byName = new HashMap<>();
        for (JsonElement f : statusFlags) {
            JsonObject copy = f.getAsJsonObject().deepCopy();
            assertTrue(copy.remove("counts") != null && copy.remove("methods") != null, copy.toString());
            byName.put(copy.get("name").getAsString(), copy);
        }
        assertFalse(cliFlags.isEmpty());
        for (JsonElement f : cliFlags) {
            String name = f.getAsJsonObject().get("name").getAsString();
            assertEquals(byName.get(name), f, name + " differs between /status and list --json");
        }
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void pageShowsEveryFlagWithEveryValueEscaped(Path jdk) {
        hostileOverride(redis);
        try (AgentApp app = start(jdk, TOKEN)) {
            String url = AdminHttp.url(app);
            AdminHttp.await("the override is read", () -> AdminHttp.flag(url, "BETA_SEARCH", "flag")
                    .getAsJsonObject("overrides").getAsJsonObject("user").has(XSS));
            HttpResponse<String> page = AdminHttp.get(url);
            assertEquals(200, page.statusCode());
            assertTrue(page.headers().firstValue("Content-Type").orElse("").startsWith("text/html"));
            String html = page.body();
            for (String name : new String[] {"NEW_CHECKOUT", "BETA_SEARCH", "SEARCH_RANKING"}) {
                assertTrue(html.contains("data-name=\"" + name + "\""), name + " in " + html);
            }
            assertTrue(html.contains("&lt;script&gt;window.pwned=1&lt;/script&gt;&lt;img src=x onerror=&quot;"), html);
            assertFalse(html.contains(XSS), "the raw id must never reach the page");
            assertFalse(html.contains("<img"), html);
            assertFalse(html.contains(TOKEN), "the token is never in the page");
            assertFalse(html.contains("http://") || html.contains("https://"), "nothing is loaded from elsewhere");
            String csp = page.headers().firstValue("Content-Security-Policy").orElse("");
            assertTrue(csp.contains("default-src 'none'") && csp.contains("script-src 'nonce-"), csp);
        }
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void changesNeedTheTokenAndThenWriteRedis(Path jdk) {
        try (AgentApp app = start(jdk, TOKEN)) {
            String url = AdminHttp.url(app);
            String enable = "{\"type\": \"switch\", \"name\": \"new_checkout\", \"verb\": \"enable\"}";

            HttpResponse<String> none = AdminHttp.command(url, null, enable);
            assertEquals(401, none.statusCode(), none.body());
            assertEquals("Bearer realm=\"pancake\"", none.headers().firstValue("WWW-Authenticate").orElse(null));
            HttpResponse<String> wrong = AdminHttp.command(url, TOKEN + "x", enable);
            assertEquals(403, wrong.statusCode(), wrong.body());
            assertEquals("the token is wrong", AdminHttp.text(wrong));
            assertEquals(401, AdminHttp.command(url, "", enable).statusCode(), "Bearer without a token");
            assertNull(redis.get("SWITCH:pancake:NEW_CHECKOUT"), "a refused change writes nothing");

            HttpResponse<String> ok = AdminHttp.command(url, TOKEN, enable);
            assertEquals(200, ok.statusCode(), ok.body());
            assertEquals("switch NEW_CHECKOUT: enable done", AdminHttp.text(ok));
            assertEquals("1", redis.get("SWITCH:pancake:NEW_CHECKOUT"));
            assertEquals("= String:new checkout", app.call("Shop#checkout"), "the writer sees its own change");
            assertEquals("true", AdminHttp.flag(url, "NEW_CHECKOUT", "switch").get("current").getAsString());
        }
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void everyVerbWritesFlaskPancakesKeys(Path jdk) {
        try (AgentApp app = start(jdk, TOKEN)) {
            String url = AdminHttp.url(app);
            ok(url, "{\"type\": \"switch\", \"name\": \"NEW_CHECKOUT\", \"verb\": \"disable\"}");
            assertEquals("0", redis.get("SWITCH:pancake:NEW_CHECKOUT"));
            ok(url, "{\"type\": \"switch\", \"name\": \"NEW_CHECKOUT\", \"verb\": \"clear\"}");
            assertNull(redis.get("SWITCH:pancake:NEW_CHECKOUT"));

            ok(url, "{\"type\": \"flag\", \"name\": \"BETA_SEARCH\", \"verb\": \"enable\"}");
            assertEquals("1", redis.get("FLAG:pancake:BETA_SEARCH"));
            ok(url, "{\"type\": \"flag\", \"name\": \"BETA_SEARCH\", \"verb\": \"enable-group\", \"group\": \"user\","
                    + " \"id\": \"42\"}");
            ok(url, "{\"type\": \"flag\", \"name\": \"BETA_SEARCH\", \"verb\": \"disable-group\", \"group\": \"user\","
                    + " \"id\": 7}");
            assertEquals("1", redis.get("FLAG:pancake:k:user:BETA_SEARCH:42"));
            assertEquals("0", redis.get("FLAG:pancake:k:user:BETA_SEARCH:7"));
            assertEquals(java.util.Set.of("FLAG:pancake:k:user:BETA_SEARCH:42", "FLAG:pancake:k:user:BETA_SEARCH:7"),
                    redis.smembers("FLAG:pancake:t:user:BETA_SEARCH"));
            JsonObject users = AdminHttp.flag(url, "BETA_SEARCH", "flag").getAsJsonObject("overrides")
                    .getAsJsonObject("user");
            assertTrue(users.get("42").getAsBoolean() && !users.get("7").getAsBoolean(), users.toString());
            ok(url, "{\"type\": \"flag\", \"name\": \"BETA_SEARCH\", \"verb\": \"clear-group\", \"group\": \"user\","
                    + " \"id\": \"42\"}");
            assertNull(redis.get("FLAG:pancake:k:user:BETA_SEARCH:42"));
            ok(url, "{\"type\": \"flag\", \"name\": \"BETA_SEARCH\", \"verb\": \"clear-all-group\", \"group\": \"user\"}");
            assertNull(redis.get("FLAG:pancake:k:user:BETA_SEARCH:7"));
            assertTrue(redis.smembers("FLAG:pancake:t:user:BETA_SEARCH").isEmpty());
            ok(url, "{\"type\": \"flag\", \"name\": \"BETA_SEARCH\", \"verb\": \"clear\"}");
            assertNull(redis.get("FLAG:pancake:BETA_SEARCH"));

            ok(url, "{\"type\": \"sample\", \"name\": \"SEARCH_RANKING\", \"verb\": \"set\", \"percent\": \"42.5\"}");
            assertEquals("42.5", redis.get("SAMPLE:pancake:SEARCH_RANKING"));
            assertEquals("42.5", AdminHttp.flag(url, "SEARCH_RANKING", "sample").get("current").getAsString());
            ok(url, "{\"type\": \"sample\", \"name\": \"SEARCH_RANKING\", \"verb\": \"clear\"}");
            assertNull(redis.get("SAMPLE:pancake:SEARCH_RANKING"));
        }
    }

    private static void ok(String url, String json) {
        HttpResponse<String> r = AdminHttp.command(url, TOKEN, json);
        assertEquals(200, r.statusCode(), json + " -> " + r.body());
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void mistakesAnswerWithOneClearMessage(Path jdk) {
        try (AgentApp app = start(jdk, TOKEN)) {
            String url = AdminHttp.url(app);
            assertMistake(url, 400, "{\"type\": \"switch\", \"name\": \"NOPE\", \"verb\": \"enable\"}",
                    "switch NOPE is not declared in ");
            assertMistake(url, 400, "{\"type\": \"flag\", \"name\": \"BETA_SEARCH\", \"verb\": \"enable-group\","
                    + " \"group\": \"team\", \"id\": \"1\"}", "unknown group team; ");
            assertMistake(url, 400, "{\"type\": \"sample\", \"name\": \"SEARCH_RANKING\", \"verb\": \"set\","
                    + " \"percent\": \"150\"}", "sample SEARCH_RANKING: expected a percentage in 0..100, got \"150\"");
            assertMistake(url, 400, "{\"type\": \"switch\", \"name\": \"NEW_CHECKOUT\", \"verb\": \"set\"}",
                    "a switch cannot set; a switch can enable, disable, clear");
            assertMistake(url, 400, "{\"type\": \"toggle\", \"name\": \"NEW_CHECKOUT\", \"verb\": \"enable\"}",
                    "\"type\" must be switch, flag or sample, got \"toggle\"");
            assertMistake(url, 400, "not json", "expected a JSON object such as ");
            assertEquals(404, AdminHttp.get(url + "nothing-here").statusCode());
            HttpResponse<String> getCommand = AdminHttp.get(url + "api/command");
            assertEquals(405, getCommand.statusCode());
            assertEquals("POST", getCommand.headers().firstValue("Allow").orElse(null));
            assertEquals(List.of("[pancake] INFO admin page on " + url), app.stderr(),
                    "user mistakes are answered, not logged");
        }
    }

    private static void assertMistake(String url, int status, String json, String message) {
        HttpResponse<String> r = AdminHttp.command(url, TOKEN, json);
        assertEquals(status, r.statusCode(), r.body());
        assertTrue(AdminHttp.text(r).startsWith(message), "expected '" + message + "...', got: " + r.body());
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void withoutATokenThePageIsReadOnly(Path jdk) {
        try (AgentApp app = start(jdk, null)) {
            String url = AdminHttp.url(app);
            HttpResponse<String> r = AdminHttp.command(url, "anything-at-all",
                    "{\"type\": \"switch\", \"name\": \"NEW_CHECKOUT\", \"verb\": \"enable\"}");
            assertEquals(403, r.statusCode());
            assertTrue(AdminHttp.text(r).startsWith("changes are disabled: admin.token is not set in "), r.body());
            assertNull(redis.get("SWITCH:pancake:NEW_CHECKOUT"));
            assertTrue(AdminHttp.get(url).body().contains("Read-only: admin.token is not set"));
        }
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void secretsNeverReachThePageStatusOrLog(Path jdk) {
        String yaml = "redis:\n  url: redis://:hunter2-password@" + redis.host() + ":" + redis.port() + "/0\n" + FLAGS
                + admin(TOKEN);
        try (AgentApp app = AgentApp.on(jdk).config(yaml).start()) {
            String url = AdminHttp.url(app);
            String status = AdminHttp.get(url + "status").body();
            String page = AdminHttp.get(url).body();
            assertTrue(status.contains("redis://:***@"), status);
            for (String text : new String[] {status, page, String.join("\n", app.stderr())}) {
                assertFalse(text.contains("hunter2"), text);
                assertFalse(text.contains(TOKEN), text);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void otherHostNamesAreRefused(Path jdk) throws IOException {
        try (AgentApp app = start(jdk, TOKEN)) {
            java.net.URI uri = java.net.URI.create(AdminHttp.url(app));
            // what a browser sends after DNS rebinding: our address under the attacker's name
            try (Socket s = new Socket(uri.getHost(), uri.getPort())) {
                OutputStream out = s.getOutputStream();
                out.write("GET /status HTTP/1.1\r\nHost: attacker.example:80\r\nConnection: close\r\n\r\n"
                        .getBytes(StandardCharsets.US_ASCII));
                out.flush();
                InputStream in = s.getInputStream();
                String answer = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                assertTrue(answer.startsWith("HTTP/1.1 403"), answer);
                assertFalse(answer.contains("NEW_CHECKOUT"), answer);
            }
            assertEquals(200, AdminHttp.get("http://localhost:" + uri.getPort() + "/status").statusCode());
        }
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void reloadShowsNewFlagsAndMovesThePage(Path jdk) {
        try (AgentApp app = start(jdk, TOKEN)) {
            String first = AdminHttp.url(app);
            app.writeConfig("redis:\n  url: " + redis.url() + "\n" + FLAGS
                    + "  LATE_ADDITION: {type: switch, default: true}\n"
                    + "admin:\n  port: 0\n  bind: localhost\n  token: " + TOKEN + "\n");
            String second = AdminHttp.url(app);
            assertFalse(first.equals(second), first + " then " + second);
            JsonObject late = AdminHttp.flag(second, "LATE_ADDITION", "switch");
            assertEquals("true", late.get("current").getAsString());
            assertThrows(java.io.UncheckedIOException.class, () -> AdminHttp.get(first + "status"),
                    "the old address is closed");
        }
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void aPortInUseIsOneLogLineAndTheApplicationRunsOn(Path jdk) throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            String yaml = config(redis, "admin:\n  port: " + taken.getLocalPort() + "\n  token: " + TOKEN + "\n");
            try (AgentApp app = AgentApp.on(jdk).config(yaml).start()) {
                String line = app.jvm().awaitStderr(Pattern.compile("admin page"), AgentApp.TIMEOUT);
                assertTrue(line.startsWith("[pancake] ERROR admin page: cannot listen on 127.0.0.1:"
                        + taken.getLocalPort() + " ("), line);
                assertTrue(line.contains("the page is off until admin: in "), line);
                assertEquals("= null", app.call("Shop#checkout"));
                assertEquals(1, app.stderr().stream().filter(l -> l.contains("admin page")).count(), "one line: "
                        + app.stderr());
            }
        }
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void thePageNeverKeepsTheApplicationAlive(Path jdk) {
        try (AgentApp app = start(jdk, TOKEN)) {
            String url = AdminHttp.url(app);
            assertEquals(200, AdminHttp.get(url).statusCode());
            app.jvm().closeStdin(); // the fixture's main returns
            assertEquals(0, app.jvm().awaitExit(Duration.ofSeconds(20)));
        }
    }
}
