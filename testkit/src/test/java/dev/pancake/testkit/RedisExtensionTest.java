package dev.pancake.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/** One server per test class, injected everywhere, and not flushed between methods. */
@ExtendWith(RedisExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RedisExtensionTest {
    private static TestRedis fromBeforeAll;
    private final TestRedis fromConstructor;

    RedisExtensionTest(TestRedis redis) {
        this.fromConstructor = redis;
    }

    @BeforeAll
    static void remember(TestRedis redis) {
        fromBeforeAll = redis;
    }

    @Test
    @Order(1)
    void injectsTheSameServerEverywhere(TestRedis redis) {
        assertSame(fromBeforeAll, redis);
        assertSame(fromConstructor, redis);
        redis.set("ext:kept", "yes");
    }

    @Test
    @Order(2)
    void doesNotFlushBetweenMethods(TestRedis redis) {
        assertEquals("yes", redis.get("ext:kept"));
    }

    @Nested
    class Inner {
        @Test
        void getsAServerOfItsOwn(TestRedis inner) {
            if (!inner.kind().equals(TestRedis.KIND_ENV)) {
                assertNotEquals(fromBeforeAll.port(), inner.port());
            }
            assertEquals("PONG", inner.command("PING"));
        }
    }
}
