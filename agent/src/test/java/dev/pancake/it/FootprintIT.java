package dev.pancake.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import dev.pancake.testkit.RedisExtension;
import dev.pancake.testkit.TestRedis;

/**
 * What the agent keeps in an idle application: few threads. Memory is measured by bench/run.sh beside the same
 * application without the agent (docs/performance.md); a timed or sized bound does not belong in a test.
 */
@ExtendWith(RedisExtension.class)
class FootprintIT {

    private static final int MAX_AGENT_THREADS = 4;

    private final TestRedis redis;

    FootprintIT(TestRedis redis) {
        this.redis = redis;
    }

    @ParameterizedTest
    @MethodSource("dev.pancake.it.Jdks#all")
    void idleApplicationWithRedisHasAtMostFourAgentThreads(Path jdk) throws Exception {
        redis.flushAll();
        redis.set("SWITCH:pancake:NEW_CHECKOUT", "1");
        try (AgentApp app = AgentApp.on(jdk)
                .config("redis:\n  url: " + redis.url() + "\nflags:\n  NEW_CHECKOUT: {default: false}\n").start()) {
            assertTrue(app.call("Shop#checkout").contains("new checkout"), "the agent read Redis");
            long pid = app.jvm().pid();
            AdminHttp.await("the start-up thread has ended", () -> !agentThreads(pid).contains("pancake-start"));
            List<String> threads = agentThreads(pid);
            assertTrue(threads.size() <= MAX_AGENT_THREADS, "agent threads: " + threads);
        }
    }

    /** The names of the process's threads that belong to the agent (Linux: /proc/PID/task/TID/comm). */
    private static List<String> agentThreads(long pid) {
        List<String> names = new ArrayList<>();
        try (Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path task : (Iterable<Path>) tasks::iterator) {
                try {
                    String name = Files.readString(task.resolve("comm")).trim();
                    if (name.startsWith("pancake-")) {
                        names.add(name);
                    }
                } catch (IOException gone) {
                    // the thread ended while we looked
                }
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return names;
    }
}
