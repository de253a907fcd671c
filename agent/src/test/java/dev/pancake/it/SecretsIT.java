package dev.pancake.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import javax.management.MBeanAttributeInfo;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import dev.pancake.testkit.TestRedis;

/**
 * Passwords and the admin token never appear anywhere the agent writes or shows: its log (at debug
 * level, the chattiest), the admin page and /status, every JMX attribute and operation result, and
 * every CLI output (list, --json, list-group, writes, usage errors, config errors, refusals).
 * Everything is captured while the agent works, fails to log in, and reloads broken configs; the
 * distinctive secrets must be absent from all of it.
 */
class SecretsIT extends RedisAgentTests {

    private static final String PASSWORD = "Acl-pw-4f2e9"; // AclIT.MINIMAL_ACL's
    private static final String WRONG = "Wrong-pw-ZX81";
    private static final String ENV_PASSWORD = "Env-pw-b7d10";
    private static final String TOKEN = "Tok-admin-9d3b55";

    @TempDir
    Path dir;

    SecretsIT(TestRedis redis) {
        super(redis);
    }

    @BeforeEach
    void aclUser() {
        redis.command(AclIT.MINIMAL_ACL);
    }

    private String config(String url) {
        return "redis:\n  url: " + url + "\n  timeout-ms: 1000\n"
                + "groups:\n  user: dev.pancake.fixture.RequestContext#CURRENT_USER.id\n" + TlsIT.SHOP_FLAGS
                + "admin:\n  port: 0\n  bind: localhost\n  token: " + TOKEN + "\n";
    }

    private String url(String password) {
        return "redis://pancake:" + password + "@" + redis.host() + ":" + redis.port() + "/0";
    }

    private static void awaitLogged(AgentApp app, String text) {
        assertFalse(awaitStderr(app, text, 1).isEmpty(), () -> "no line with " + text + " in\n"
                + String.join("\n", app.stderr()));
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void secretsAppearNowhere(Path jdk) throws Exception {
        List<String> seen = new ArrayList<>();
        try (AgentApp app = AgentApp.on(jdk).config(config(url(PASSWORD))).systemProperty("pancake.log.level", "debug")
                .start()) {
            redis.set("SWITCH:pancake:NEW_CHECKOUT", "1");
            app.awaitCall("= String:new checkout", "Shop#checkout");
            String admin = AdminHttp.url(app);
            seen.add(AdminHttp.get(admin).body());
            seen.add(AdminHttp.get(admin + "status").body());
            assertTrue(seen.get(1).contains("redis://pancake:***@"), seen.get(1));
            String enable = "{\"type\": \"switch\", \"name\": \"NEW_CHECKOUT\", \"verb\": \"disable\"}";
            seen.add(AdminHttp.command(admin, TOKEN, enable).body());
            seen.add(AdminHttp.command(admin, TOKEN + "x", enable).body());
            seen.add(AdminHttp.command(admin, TOKEN, "{\"type\": \"switch\", \"name\": \"NOPE\", \"verb\": \"on\"}").body());

            try (JmxClient jmx = JmxClient.attach(app.jvm().pid()).awaitPancake()) {
                for (MBeanAttributeInfo a : jmx.connection.getMBeanInfo(JmxClient.PANCAKE).getAttributes()) {
                    Object value = jmx.get(a.getName());
                    seen.add(a.getName() + "=" + (value instanceof Object[] array ? Arrays.deepToString(array) : value));
                }
                seen.add(String.valueOf(jmx.invoke("list")));
                seen.add(String.valueOf(jmx.invoke("enableSwitch", "NEW_CHECKOUT")));
                try {
                    seen.add(String.valueOf(jmx.invoke("enableSwitch", "NO_SUCH_FLAG")));
                } catch (Exception e) {
                    seen.add(e.toString());
                }
                assertTrue(String.join("\n", seen).contains("redis://pancake:***@"), "JMX shows the store");

                // broken and refused configurations, reloaded while running
                app.writeConfig(config(url(WRONG)));
                awaitLogged(app, "WRONGPASS");
                seen.add(String.valueOf(jmx.get("StoreProblem")));
                app.writeConfig(config("http://pancake:" + PASSWORD + "@" + redis.host()));
                awaitLogged(app, "expected a redis:// or rediss:// URL");
                app.writeConfig(config("redis://pancake:" + PASSWORD + "@" + redis.host() + ":port/0"));
                awaitLogged(app, "redis.url must look like");
                seen.add(String.valueOf(jmx.get("StoreProblem")));
            }
            seen.addAll(app.stderr());
            assertTrue(app.stderr().stream().anyMatch(l -> l.contains("DEBUG")), "debug output was captured");
        }

        Files.writeString(dir.resolve("pancake.yml"), config(url(PASSWORD)));
        CliRun cli = new CliRun(dir).javaHome(jdk);
        seen.add(cli.run("list").toString());
        seen.add(cli.run("list", "--json").toString());
        seen.add(cli.run("flags", "list-group", "user", "u1").toString());
        seen.add(cli.run("switches", "enable", "NEW_CHECKOUT").toString());
        seen.add(cli.run("switches", "enable").toString());
        seen.add(cli.run("switches", "enable", "NO_SUCH_FLAG").toString());
        Files.writeString(dir.resolve("pancake.yml"), config(url(WRONG)));
        CliRun.Result refused = cli.run("list");
        assertEquals(1, refused.status(), refused.toString());
        seen.add(refused.toString());
        Files.writeString(dir.resolve("pancake.yml"), config("http://pancake:" + PASSWORD + "@host"));
        seen.add(cli.run("list", "--json").toString());
        Files.writeString(dir.resolve("pancake.yml"), config(url("${REDIS_PASSWORD}")).replace("url: redis://pancake:",
                "password: ${REDIS_PASSWORD}\n  user: pancake\n  url: redis://pancake:"));
        seen.add(cli.env("REDIS_PASSWORD", ENV_PASSWORD).run("list").toString());
        Files.writeString(dir.resolve("pancake.yml"), "redis:\n  url: redis://" + redis.host() + ":" + redis.port()
                + "/0\n  user: pancake\n  password: ${REDIS_PASSWORD}\n" + TlsIT.SHOP_FLAGS);
        CliRun.Result fromEnv = cli.env("REDIS_PASSWORD", PASSWORD).run("list", "--json");
        assertEquals(0, fromEnv.status(), fromEnv.toString());
        seen.add(fromEnv.toString());

        String all = String.join("\n", seen);
        for (String secret : List.of(PASSWORD, WRONG, ENV_PASSWORD, TOKEN, "4f2e9", "ZX81", "b7d10", "9d3b55")) {
            assertFalse(all.contains(secret), () -> secret + " leaked:\n" + all);
        }
    }

    /**
     * Passwords that break URL parsing: a trailing newline (a Kubernetes secret file read into
     * ${REDIS_PASSWORD}), white space, '@', ':', '/', %-escapes valid and not, unicode, a very long
     * one. Each carries a marker that must appear nowhere, so that neither the whole password nor
     * any piece of it is shown, JSON- or HTML-escaped or not.
     */
    static final List<String> AWKWARD = List.of("s3cret-Qz1x\n", "sp ace Qz2x", "at@co:lon/sl-Qz3x",
            "pct%41-bad%zz-Qz4x", "\u00fcn\u00ef-\u5bc6\u7801-Qz5x", "L".repeat(2000) + "-Qz6x");
    private static final List<String> MARKERS = List.of("Qz1x", "Qz2x", "Qz3x", "Qz4x", "Qz5x", "Qz6x");

    private static String yamlQuoted(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
    }

    /** The password in the URL, where URL parsing fails or misreads it. */
    private String urlConfig(String password, int db) {
        return config(yamlQuoted("redis://pancake:" + password + "@" + redis.host() + ":" + redis.port() + "/" + db));
    }

    /** The password beside a URL without credentials: Redis accepts it (the ACL user has every AWKWARD one). */
    private String passwordConfig(String password, int db) {
        return config("redis://" + redis.host() + ":" + redis.port() + "/" + db + "\n  user: pancake\n  password: "
                + yamlQuoted(password));
    }

    /** Replaces pancake.yml in one step, so that the agent never reads half of it (and restarts the page). */
    private static void replaceConfig(AgentApp app, String yaml) throws java.io.IOException {
        Path next = app.dir().resolve("pancake.yml.next");
        Files.writeString(next, yaml);
        Files.move(next, app.dir().resolve("pancake.yml"), java.nio.file.StandardCopyOption.ATOMIC_MOVE,
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    private static void collect(String admin, JmxClient jmx, List<String> seen) throws Exception {
        seen.add(AdminHttp.get(admin).body());
        seen.add(AdminHttp.get(admin + "status").body());
        seen.add(AdminHttp.command(admin, TOKEN, "{\"type\": \"switch\", \"name\": \"NEW_CHECKOUT\", \"verb\": \"enable\"}")
                .body());
        for (MBeanAttributeInfo a : jmx.connection.getMBeanInfo(JmxClient.PANCAKE).getAttributes()) {
            Object value = jmx.get(a.getName());
            seen.add(a.getName() + "=" + (value instanceof Object[] array ? Arrays.deepToString(array) : value));
        }
        seen.add(String.valueOf(jmx.invoke("list")));
        try {
            seen.add(String.valueOf(jmx.invoke("enableSwitch", "NEW_CHECKOUT")));
        } catch (Exception e) {
            seen.add(e.toString() + " " + e.getCause());
        }
    }

    /** Waits until /status describes the store of database {@code db}: the reloaded config is in force. */
    private void awaitStore(AgentApp app, String admin, int db) throws InterruptedException {
        awaitStatus(app, admin, redis.host() + ":" + redis.port() + "/" + db + "\"");
    }

    private static void awaitStatus(AgentApp app, String admin, String text) throws InterruptedException {
        long deadline = System.nanoTime() + CliRun.TIMEOUT.toNanos();
        String body = "";
        while (System.nanoTime() < deadline) {
            try {
                body = AdminHttp.get(admin + "status").body();
            } catch (java.io.UncheckedIOException e) {
                throw new AssertionError("GET " + admin + "status: " + e + "\n" + String.join("\n", app.stderr()), e);
            }
            if (body.contains(text)) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("/status never showed " + text + ": " + body);
    }

    private static void assertNothingShown(List<String> seen) {
        String all = String.join("\n", seen);
        for (String secret : AWKWARD) {
            assertFalse(all.contains(secret.strip()), () -> "a password leaked:\n" + all);
        }
        for (String marker : MARKERS) {
            assertFalse(all.contains(marker), () -> marker + " leaked:\n" + all);
        }
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void awkwardPasswordsAppearNowhere(Path jdk) throws Exception {
        List<String> acl = new ArrayList<>(List.of(AclIT.MINIMAL_ACL));
        AWKWARD.forEach(p -> acl.add(">" + p));
        acl.add("+select"); // each configuration below uses its own database, to tell when it is in force
        redis.command(acl.toArray(new String[0]));
        List<String> seen = new ArrayList<>();
        try (AgentApp app = AgentApp.on(jdk).config(urlConfig("${REDIS_PASSWORD}", 1)).env("REDIS_PASSWORD", AWKWARD.get(0))
                .systemProperty("pancake.log.level", "debug").start();
                JmxClient jmx = JmxClient.attach(app.jvm().pid()).awaitPancake()) {
            String admin = AdminHttp.url(app);
            awaitStore(app, admin, 1);
            collect(admin, jmx, seen);
            int db = 2;
            for (String password : AWKWARD) {
                replaceConfig(app, urlConfig(password, db));
                awaitStore(app, admin, db);
                collect(admin, jmx, seen);
                db++;
                replaceConfig(app, passwordConfig(password, db));
                awaitStore(app, admin, db);
                collect(admin, jmx, seen);
                db++;
            }
            replaceConfig(app, config(yamlQuoted("redis://pancake:" + AWKWARD.get(1) + "@[::1")));
            awaitStatus(app, admin, "@[::1\"");
            collect(admin, jmx, seen);
            seen.addAll(app.stderr());
        }
        assertNothingShown(seen);

        // the CLI, with Redis unreachable (a URL it cannot use) and reachable (the password beside the URL)
        Path file = dir.resolve("pancake.yml");
        for (String password : AWKWARD) {
            CliRun cli = new CliRun(dir).javaHome(jdk).env("REDIS_PASSWORD", password);
            Files.writeString(file, urlConfig("${REDIS_PASSWORD}", 0));
            seen.add(cli.run("list").toString());
            seen.add(cli.run("switches", "enable", "NEW_CHECKOUT").toString());
            Files.writeString(file, passwordConfig("${REDIS_PASSWORD}", 0));
            CliRun.Result listed = cli.run("list", "--json");
            assertEquals(0, listed.status(), listed.toString());
            seen.add(listed.toString());
            seen.add(cli.run("flags", "list-group", "user", "u1").toString());
            seen.add(cli.run("samples", "set", "NO_SUCH_FLAG", "5").toString());
        }
        assertNothingShown(seen);
    }
}
