package dev.pancake.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import dev.pancake.testkit.ForkedJvm;
import dev.pancake.testkit.TestRedis;
import dev.pancake.testkit.TestTls;

/**
 * {@code rediss://}: the real agent jar and the real CLI against a real redis-server that speaks
 * TLS with a certificate of a throw-away authority made by the test. The authority is trusted
 * either JVM-wide ({@code -Djavax.net.ssl.trustStore}) or for Redis alone ({@code redis.ca-cert}).
 * The test's own client uses the server's plain port, so every change it makes reaches the agent
 * through the change feed over TLS.
 */
class TlsIT {

    /** The flags of the fixture's Shop, declared so that a healthy agent has nothing to warn about. */
    static final String SHOP_FLAGS = "flags:\n  NEW_CHECKOUT: {type: switch, default: false}\n"
            + "  RECOMMENDATIONS: {type: switch, default: false}\n  STRICT: {type: switch, default: false}\n";

    private static TestTls tls;
    private static TestRedis redis;
    private static int tlsPort;

    @TempDir
    Path dir;

    static Stream<Path> jdks() {
        return ForkedJvm.jdks().stream();
    }

    @BeforeAll
    static void startRedisWithTls() {
        tls = TestTls.generate();
        tlsPort = TestRedis.freePort();
        redis = TestRedis.start(tls.redisArgs(tlsPort).toArray(new String[0]));
    }

    @AfterAll
    static void stop() {
        redis.close();
        tls.close();
    }

    @BeforeEach
    void empty() {
        redis.flushAll();
    }

    private static String config(String host, String extra) {
        return "redis:\n  url: rediss://" + host + ":" + tlsPort + "/0\n  timeout-ms: 1000\n" + extra + SHOP_FLAGS;
    }

    private static String[] trustStore() {
        return new String[] {"-Djavax.net.ssl.trustStore=" + tls.trustStore(),
            "-Djavax.net.ssl.trustStorePassword=" + TestTls.TRUST_STORE_PASSWORD};
    }

    /** Flips the switch with the test's plain client, the app's API and the CLI: all of it over TLS for the agent. */
    private void gatedCallsFollowTheFlag(AgentApp app, Path jdk, String cliConfig, String... cliJvmArgs)
            throws IOException {
        assertEquals("= null", app.call("Shop#checkout"));
        redis.set("SWITCH:pancake:NEW_CHECKOUT", "1");
        app.awaitCall("= String:new checkout", "Shop#checkout");
        assertEquals("= String:ok", app.send("api switch NEW_CHECKOUT disable"));
        assertEquals("0", redis.get("SWITCH:pancake:NEW_CHECKOUT"));
        app.awaitCall("= null", "Shop#checkout");

        Files.writeString(dir.resolve("pancake.yml"), cliConfig);
        CliRun cli = new CliRun(dir).javaHome(jdk);
        for (String arg : cliJvmArgs) {
            cli.jvmArg(arg);
        }
        CliRun.Result enable = cli.run("switches", "enable", "NEW_CHECKOUT");
        assertEquals(0, enable.status(), enable.toString());
        assertEquals("1", redis.get("SWITCH:pancake:NEW_CHECKOUT"));
        app.awaitCall("= String:new checkout", "Shop#checkout");
        CliRun.Result list = cli.run("list");
        assertEquals(0, list.status(), list.toString());
        assertTrue(list.out().stream().anyMatch(l -> l.matches("NEW_CHECKOUT\\s+switch\\s+false\\s+true\\s*")),
                list.toString());

        // the feed is a TLS client of the server: the agent was given no other port
        assertTrue(redis.command("CLIENT", "LIST").contains("name=pancake-feed"), redis.command("CLIENT", "LIST"));
        assertEquals(List.of(), app.stderr(), "a healthy agent over TLS logs nothing");
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void theJvmTrustStoreTrustsRedis(Path jdk) throws IOException {
        AgentApp.Builder builder = AgentApp.on(jdk).config(config("localhost", ""));
        for (String arg : trustStore()) {
            builder.jvmArg(arg);
        }
        try (AgentApp app = builder.start()) {
            gatedCallsFollowTheFlag(app, jdk, config("localhost", ""), trustStore());
        }
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void caCertTrustsTheAuthorityForRedisAlone(Path jdk) throws IOException {
        String yaml = config("127.0.0.1", "  ca-cert: " + tls.caCertificate() + "\n");
        try (AgentApp app = AgentApp.on(jdk).config(yaml).start()) {
            gatedCallsFollowTheFlag(app, jdk, yaml);
        }
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void anUntrustedCertificateIsOneClearLineAndDefaultsApply(Path jdk) throws IOException {
        redis.set("SWITCH:pancake:NEW_CHECKOUT", "1");
        try (AgentApp app = AgentApp.on(jdk).config(config("localhost", "")).start()) {
            List<String> lines = RedisAgentTests.awaitStderr(app, "[pancake]", 1);
            assertEquals("= null", app.call("Shop#checkout"), "the default, not Redis's value");
            assertEquals(1, lines.size(), String.join("\n", app.stderr()));
            String line = lines.get(0);
            assertTrue(line.startsWith("[pancake] WARN cannot reach Redis rediss://localhost:" + tlsPort + "/0 (TLS: "),
                    line);
            assertTrue(line.contains("redis.ca-cert"), line);
            assertFalse(String.join("\n", app.stderr()).contains("\tat "), String.join("\n", app.stderr()));
        }
        Files.writeString(dir.resolve("pancake.yml"), config("localhost", ""));
        CliRun.Result r = new CliRun(dir).javaHome(jdk).run("switches", "enable", "NEW_CHECKOUT");
        assertEquals(1, r.status(), r.toString());
        assertEquals(1, r.err().size(), r.toString());
        assertTrue(r.err().get(0).contains("(TLS: "), r.toString());
    }
}
