package dev.pancake.it;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.pancake.testkit.ForkedJvm;
import dev.pancake.testkit.RedisExtension;
import dev.pancake.testkit.TestRedis;

/**
 * The set-up of the agent ITs: a real Redis per test class, emptied before each test, and the
 * fixture application under the real agent jar on each JDK of {@link ForkedJvm#jdks()}.
 */
@ExtendWith(RedisExtension.class)
abstract class RedisAgentTests {

    protected final TestRedis redis;

    RedisAgentTests(TestRedis redis) {
        this.redis = redis;
    }

    static Stream<Path> jdks() {
        return ForkedJvm.jdks().stream();
    }

    @BeforeEach
    void emptyRedis() {
        redis.flushAll();
    }

    /** The pancake.yml lines that point the agent at this test's Redis. */
    String redisSection() {
        return "redis:\n  url: " + redis.url() + "\n";
    }

    /** The fixture app with this pancake.yml after the redis: section. */
    AgentApp start(Path jdk, String yaml) {
        return AgentApp.on(jdk).config(redisSection() + yaml).start();
    }

    /** The agent's stderr lines that contain {@code text}, captured so far. */
    static List<String> stderr(AgentApp app, String text) {
        return app.stderr().stream().filter(l -> l.contains(text)).toList();
    }

    /**
     * The stderr lines that contain {@code text}, once there are at least {@code count}: stderr is
     * captured by its own thread, so a line the app printed before answering may arrive after the answer.
     */
    static List<String> awaitStderr(AgentApp app, String text, int count) {
        long deadline = System.nanoTime() + AgentApp.TIMEOUT.toNanos();
        List<String> lines = stderr(app, text);
        while (lines.size() < count && System.nanoTime() < deadline) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            lines = stderr(app, text);
        }
        return lines;
    }
}
