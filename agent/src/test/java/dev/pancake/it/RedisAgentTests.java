package dev.pancake.it;

import java.nio.file.Path;
import java.util.List;

import dev.pancake.testkit.RedisTests;
import dev.pancake.testkit.TestRedis;

/**
 * The set-up of the agent ITs: a real Redis per test class, emptied before each test
 * ({@link RedisTests}), and the fixture application under the real agent jar on each JDK of
 * {@link dev.pancake.testkit.ForkedJvm#jdks()}.
 */
abstract class RedisAgentTests extends RedisTests {

    RedisAgentTests(TestRedis redis) {
        super(redis);
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
