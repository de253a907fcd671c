package dev.pancake.testkit;

import java.nio.file.Path;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The set-up of tests that run forked JVMs against a real Redis: one Redis per test class
 * ({@link RedisExtension}), emptied before each test, and {@link #jdks()} as the source of a
 * parameterized test's JDKs ({@code @MethodSource("jdks")}).
 */
@ExtendWith(RedisExtension.class)
public abstract class RedisTests {

    protected final TestRedis redis;

    protected RedisTests(TestRedis redis) {
        this.redis = redis;
    }

    /** Every JDK the forked-JVM tests run on ({@link ForkedJvm#jdks()}). */
    public static Stream<Path> jdks() {
        return ForkedJvm.jdks().stream();
    }

    @BeforeEach
    void emptyRedis() {
        redis.flushAll();
    }

    /** The pancake.yml lines that point an agent at this test's Redis. */
    protected String redisSection() {
        return "redis:\n  url: " + redis.url() + "\n";
    }
}
