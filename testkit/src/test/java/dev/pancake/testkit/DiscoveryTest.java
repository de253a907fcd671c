package dev.pancake.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import org.junit.jupiter.api.Test;

/** The order in which the tests find a Redis, each step on its own. */
class DiscoveryTest {
    private static final String NO_PATH = "/nonexistent-pancake-dir";

    @Test
    void prefersTheServerGivenByTheEnvironmentAndDoesNotOwnIt() {
        try (TestRedis real = TestRedis.discover(new TestRedis.Sources(null, System.getenv("PATH"), true, false))) {
            TestRedis env = TestRedis.discover(new TestRedis.Sources(real.url(), NO_PATH, false, false));
            assertEquals(TestRedis.KIND_ENV, env.kind());
            assertEquals(real.url(), env.url());
            assertEquals(real.port(), env.port());
            env.set("via-env", "yes");
            assertEquals("yes", real.get("via-env"));
            UnsupportedOperationException stop = assertThrows(UnsupportedOperationException.class, env::stop);
            assertTrue(stop.getMessage().contains(TestRedis.URL_ENV), stop.getMessage());
            assertThrows(UnsupportedOperationException.class, env::restart);
            assertThrows(UnsupportedOperationException.class, env::pause);
            assertThrows(UnsupportedOperationException.class, env::resume);
            env.close();
            assertEquals("PONG", real.command("PING"), "closing an env server leaves it running");
        }
    }

    @Test
    void anEnvironmentUrlWithoutServerFailsClearly() {
        String url = "redis://127.0.0.1:" + RedisProcess.freePort() + "/0";
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> TestRedis.discover(new TestRedis.Sources(url, NO_PATH, false, false)));
        assertTrue(e.getMessage().startsWith(TestRedis.URL_ENV + "=" + url + ", but that server does not answer"),
                e.getMessage());
    }

    @Test
    void usesRedisServerFromThePath() {
        String path = "/nonexistent-a:" + System.getenv("PATH");
        try (TestRedis redis = TestRedis.discover(new TestRedis.Sources(null, path, false, false))) {
            assertEquals(TestRedis.KIND_REDIS_SERVER, redis.kind());
            assertEquals("PONG", redis.command("PING"));
        }
    }

    @Test
    void fallsBackToTheEmbeddedBinary() {
        try (TestRedis redis = TestRedis.discover(new TestRedis.Sources(null, NO_PATH, true, false))) {
            assertEquals(TestRedis.KIND_EMBEDDED, redis.kind());
            assertTrue(redis.version().startsWith("6.2."), redis.version());
            redis.pause();
            redis.resume();
            redis.restart();
            assertEquals("PONG", redis.command("PING"));
        }
    }

    @Test
    void triesTestcontainersOnlyWhenDockerAnswers() {
        // Usually no Docker engine runs where these tests run: then asking must be reported, not crash.
        TestRedis redis;
        try {
            redis = TestRedis.discover(new TestRedis.Sources(null, NO_PATH, false, true));
        } catch (IllegalStateException e) {
            assertTrue(e.getMessage().contains("Testcontainers: "), e.getMessage());
            return;
        }
        try (redis) {
            assertEquals(TestRedis.KIND_TESTCONTAINERS, redis.kind());
            assertEquals("PONG", redis.command("PING"));
            assertThrows(UnsupportedOperationException.class, redis::stop);
        }
    }

    @Test
    void failsWithInstructionsWhenNothingWorks() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> TestRedis.discover(new TestRedis.Sources(null, NO_PATH, false, false)));
        assertTrue(e.getMessage().contains("apt-get install redis-server"), e.getMessage());
        assertTrue(e.getMessage().contains("PANCAKE_TEST_REDIS_URL=redis://host:port"), e.getMessage());
        assertTrue(e.getMessage().contains("redis-server: not found on the PATH"), e.getMessage());
    }

    @Test
    void aBrokenRedisServerReportsItsLog() throws Exception {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> TestRedis.discover(new TestRedis.Sources(null, System.getenv("PATH"), true, false),
                        "--no-such-option", "1"));
        assertTrue(e.getMessage().contains("exited with code"), e.getMessage());
        assertTrue(e.getMessage().contains("no-such-option"), "log tail expected in: " + e.getMessage());
    }

    @Test
    void passesServerArgumentsAndAuthenticatesWithRequirepass() {
        try (TestRedis redis = TestRedis.start("--requirepass", "s3cret", "--maxmemory", "10mb")) {
            assertTrue(redis.kind().equals(TestRedis.KIND_REDIS_SERVER) || redis.kind().equals(TestRedis.KIND_EMBEDDED));
            assertEquals("s3cret", redis.password());
            assertEquals("[maxmemory, 10485760]", redis.command("CONFIG", "GET", "maxmemory"));
            IllegalStateException noAuth = assertThrows(IllegalStateException.class,
                    () -> new RedisCli(redis.host(), redis.port()).command("PING"));
            assertTrue(noAuth.getMessage().startsWith("NOAUTH"), noAuth.getMessage());
            assertEquals("PONG", RedisCli.forUrl("redis://:s3cret@127.0.0.1:" + redis.port() + "/1").command("PING"));
            redis.restart();
            assertEquals("PONG", redis.command("PING"), "restart keeps the arguments");
        }
    }

    @Test
    void findsExecutablesOnThePathOnly() throws Exception {
        assertNull(TestRedis.findOnPath("redis-server", null));
        assertNull(TestRedis.findOnPath("redis-server", NO_PATH));
        var dir = Files.createTempDirectory("pancake-path");
        try {
            Files.createFile(dir.resolve("redis-server")); // not executable
            assertNull(TestRedis.findOnPath("redis-server", dir.toString()));
        } finally {
            Reaper.delete(dir);
        }
    }

    @Test
    void knowsTheEmbeddedBinaryNames() {
        assertEquals("redis-server-6.2.6-v5-linux-amd64", EmbeddedRedisBinary.resourceName("Linux", "amd64"));
        assertEquals("redis-server-6.2.7-linux-arm64", EmbeddedRedisBinary.resourceName("Linux", "aarch64"));
        assertThrows(IllegalStateException.class, () -> EmbeddedRedisBinary.resourceName("Windows 11", "amd64"));
    }
}
