package dev.pancake.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.UncheckedIOException;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** TestRedis with whatever server the discovery finds, as every other module's tests get it. */
class TestRedisTest {
    private static TestRedis redis;

    @BeforeAll
    static void startRedis() {
        redis = TestRedis.start();
    }

    @AfterAll
    static void stopRedis() {
        redis.close();
    }

    @Test
    void describesTheServer() {
        assertTrue(Set.of("env", "redis-server", "embedded", "testcontainers").contains(redis.kind()), redis.kind());
        assertTrue(redis.version().matches("\\d+\\.\\d+\\.\\d+.*"), redis.version());
        assertTrue(redis.port() > 0);
        if (!redis.kind().equals(TestRedis.KIND_ENV)) {
            assertEquals("redis://" + redis.host() + ":" + redis.port() + "/0", redis.url());
        }
        assertTrue(Files.isDirectory(redis.workDir()));
    }

    @Test
    void startEmbeddedRunsTheRedis62BinaryThatEmbeddedRedisShips() {
        try (TestRedis embedded = TestRedis.startEmbedded()) {
            assertEquals(TestRedis.KIND_EMBEDDED, embedded.kind());
            assertTrue(embedded.version().startsWith("6.2."), embedded.version());
            embedded.set("k", "v");
            assertEquals("v", embedded.get("k"));
        }
    }

    @Test
    void rendersEveryKindOfReply() {
        redis.del("t:list", "t:counter", "t:missing");
        assertEquals("PONG", redis.command("PING"));
        assertEquals("2", redis.command("RPUSH", "t:list", "a", "b"));
        assertEquals("[a, b]", redis.command("LRANGE", "t:list", "0", "-1"));
        assertEquals("[]", redis.command("LRANGE", "t:missing", "0", "-1"));
        assertEquals("1", redis.command("INCR", "t:counter"));
        assertNull(redis.command("GET", "t:missing"));
        assertEquals("[1, null]", redis.command("MGET", "t:counter", "t:missing"));
        IllegalStateException error = assertThrows(IllegalStateException.class,
                () -> redis.command("GET", "t:list"));
        assertTrue(error.getMessage().startsWith("WRONGTYPE"), error.getMessage());
        IllegalStateException unknown = assertThrows(IllegalStateException.class, () -> redis.command("NOSUCHCMD"));
        assertTrue(unknown.getMessage().startsWith("ERR"), unknown.getMessage());
    }

    @Test
    void setGetDelSmembers() {
        redis.set("t:key", "välue with spaces");
        assertEquals("välue with spaces", redis.get("t:key"));
        redis.del("t:key", "t:set");
        assertNull(redis.get("t:key"));
        assertEquals(Set.of(), redis.smembers("t:set"));
        redis.command("SADD", "t:set", "x", "y", "z");
        assertEquals(Set.of("x", "y", "z"), redis.smembers("t:set"));
        redis.del("t:set");
    }

    @Test
    void flushAllEmptiesTheServer() {
        redis.set("t:flush", "1");
        redis.flushAll();
        assertEquals("0", redis.command("DBSIZE"));
    }

    @Test
    void sharedIsOneServerThatCloseCannotStop() {
        TestRedis shared = TestRedis.shared();
        assertSame(shared, TestRedis.shared());
        shared.close();
        assertEquals("PONG", shared.command("PING"));
    }

    @Test
    void stopRefusesConnectionsAndRestartComesBackEmptyOnTheSamePort() {
        try (TestRedis own = ownServer()) {
            int port = own.port();
            own.set("k", "v");
            own.stop();
            assertThrows(UncheckedIOException.class, () -> own.command("PING"));
            own.restart();
            assertEquals(port, own.port());
            assertEquals("PONG", own.command("PING"));
            assertNull(own.get("k"), "restart() starts with empty data");
        }
    }

    @Test
    void pauseLeavesCommandsUnansweredUntilResume() {
        try (TestRedis own = ownServer()) {
            own.pause();
            RedisCli impatient = own.cli().withTimeout(Duration.ofMillis(300));
            UncheckedIOException timeout = assertThrows(UncheckedIOException.class, () -> impatient.command("PING"));
            assertTrue(timeout.getCause() instanceof SocketTimeoutException, timeout.toString());
            own.resume();
            assertEquals("PONG", impatient.command("PING"));
        }
    }

    @Test
    void closeKillsTheServerAndDeletesItsFiles() {
        TestRedis own = ownServer();
        Path dir = own.workDir();
        assertTrue(Files.exists(dir.resolve("redis.log")));
        own.close();
        own.close(); // idempotent
        assertFalse(Files.exists(dir));
        assertThrows(UncheckedIOException.class, () -> own.command("PING"));
        assertThrows(IllegalStateException.class, own::restart);
    }

    /** A server the tests start themselves, even when PANCAKE_TEST_REDIS_URL is set: only those can be stopped. */
    private static TestRedis ownServer() {
        return TestRedis.discover(new TestRedis.Sources(null, System.getenv("PATH"), true, false));
    }
}
