package dev.pancake.junit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.testcontainers.DockerClientFactory;

import dev.pancake.junit.scenarios.WithRedis;
import dev.pancake.testkit.ForkedJvm;
import dev.pancake.testkit.RedisExtension;
import dev.pancake.testkit.RedisMonitor;
import dev.pancake.testkit.TestRedis;

/**
 * {@code @PancakeTest(redis = true)} in a test JVM as a build tool starts it, beside in-memory test
 * classes: the flags of those tests go to the Redis that PANCAKE_TEST_REDIS_URL names, under the
 * JVM's own namespace, and nothing is left there afterwards; pancake.yml's keys are never touched.
 * Without a URL, Testcontainers is asked, and without Testcontainers the test says what to do.
 */
@ExtendWith(RedisExtension.class)
class RedisTestsIT {

    private static final Duration TIMEOUT = Duration.ofMinutes(2);
    private static final Pattern KEY = Pattern.compile("^(SWITCH|FLAG|SAMPLE|PANCAKE):([^:]+):");
    /** pancake.yml of these tests declares no namespace: flask-pancake's default. */
    private static final String APPLICATION_KEY = "SWITCH:pancake:NEW_CHECKOUT";
    private static final String[] TESTS = {WithRedis.class.getName(), OverrideAnnotationsTest.class.getName()};
    private static final int REDIS_TESTS = 3;

    private final TestRedis redis;

    RedisTestsIT(TestRedis redis) {
        this.redis = redis;
    }

    static List<Path> jdks() {
        return ForkedJvm.jdks();
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void flagsGoToTheTestRedisUnderTheJvmsOwnNamespaceAndNothingStays(Path jdk) {
        redis.flushAll();
        redis.set(APPLICATION_KEY, "1"); // the application's value: the tests must neither see nor change it
        List<RedisMonitor.Command> commands;
        try (RedisMonitor monitor = RedisMonitor.start(redis)) {
            monitor.mark();
            try (ForkedJvm jvm = fork(jdk, redis.url(), classpath(entry -> true))) {
                assertEquals(0, jvm.awaitExit(TIMEOUT), report(jvm));
                String summary = jvm.awaitStdout("tests: ", TIMEOUT);
                assertTrue(summary.matches("tests: \\d+ passed, 0 failed"), summary);
                assertTrue(jvm.stdoutLines().stream().anyMatch(l -> l.startsWith("[scenario] store: in-memory")),
                        report(jvm));
                assertTrue(jvm.stdoutLines().stream().anyMatch(l -> l.startsWith("[scenario] store: Redis")),
                        report(jvm));
            }
            commands = monitor.mark();
        }
        Set<String> namespaces = new TreeSet<>();
        boolean wroteASwitch = false;
        for (RedisMonitor.Command c : commands) {
            for (String arg : c.args()) {
                Matcher m = KEY.matcher(arg);
                if (m.find()) {
                    namespaces.add(m.group(2));
                    wroteASwitch |= c.name().equals("SET") && arg.endsWith(":NEW_CHECKOUT");
                }
            }
        }
        assertEquals(1, namespaces.size(), "one namespace, the test JVM's own: " + namespaces);
        assertTrue(namespaces.iterator().next().matches("pancake-test-[0-9a-z]{10}"), namespaces.toString());
        assertTrue(wroteASwitch, "the overrides were written to the test Redis: " + commands);
        assertEquals("1", redis.get(APPLICATION_KEY));
        assertEquals("[]", redis.command("KEYS", "*pancake-test-*").toString(), "every test's changes were undone");
    }

    @Test
    void withoutAUrlTestcontainersStartsARedisOrTheTestSaysWhy() {
        boolean docker = DockerClientFactory.instance().isDockerAvailable();
        try (ForkedJvm jvm = fork(ForkedJvm.jdks().get(0), null, classpath(entry -> true))) {
            if (docker) {
                assertEquals(0, jvm.awaitExit(TIMEOUT), report(jvm));
                return;
            }
            for (String f : everyRedisTestFailed(jvm)) {
                assertTrue(f.contains("PancakeTestException: @PancakeTest(redis = true) on " + WithRedis.class.getName()
                        + ": PANCAKE_TEST_REDIS_URL is not set, and Testcontainers could not start a container of"
                        + " redis:7-alpine ("), f);
                assertTrue(f.endsWith("); set PANCAKE_TEST_REDIS_URL=redis://host:port to a Redis the tests may write to"),
                        f);
            }
        }
    }

    @Test
    void withoutAUrlOrTestcontainersTheTestSaysWhatToAdd() {
        List<Path> withoutTestcontainers = classpath(entry -> !entry.contains("testcontainers")
                && !entry.contains("docker-java"));
        try (ForkedJvm jvm = fork(ForkedJvm.jdks().get(0), null, withoutTestcontainers)) {
            for (String f : everyRedisTestFailed(jvm)) {
                assertTrue(f.endsWith("PancakeTestException: @PancakeTest(redis = true) on " + WithRedis.class.getName()
                        + " needs a Redis: set PANCAKE_TEST_REDIS_URL=redis://host:port to one the tests may write to,"
                        + " or add org.testcontainers:testcontainers to the test dependencies for a container of"
                        + " redis:7-alpine"), f);
            }
            assertFalse(jvm.stdoutLines().stream().anyMatch(l -> l.startsWith("[scenario] store: Redis")), report(jvm));
        }
    }

    /** The failures of a test JVM that exited with failures, after checking that each Redis test is among them. */
    private List<String> everyRedisTestFailed(ForkedJvm jvm) {
        assertEquals(1, jvm.awaitExit(TIMEOUT), report(jvm));
        List<String> failures = failures(jvm);
        assertEquals(REDIS_TESTS, failures.size(), report(jvm));
        return failures;
    }

    /** The test JVM, with PANCAKE_TEST_REDIS_URL set to {@code url} (or unset when null). */
    private ForkedJvm fork(Path jdk, String url, List<Path> classpath) {
        return ForkedJvm.builder().javaHome(jdk).classpath(classpath.toArray(new Path[0]))
                .workDir(Paths.get(System.getProperty("pancake.junit.project")))
                .env(RedisForTests.URL_ENV, url)
                .env("PANCAKE_JUNIT_REDIS_PORT", Integer.toString(redis.port()))
                .mainClass("dev.pancake.junit.scenarios.ScenarioMain").args(TESTS).start();
    }

    private static List<String> failures(ForkedJvm jvm) {
        return jvm.stdoutLines().stream().filter(l -> l.startsWith("FAILED ")).toList();
    }

    private static List<Path> classpath(Predicate<String> keep) {
        List<Path> out = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (keep.test(entry)) {
                out.add(Paths.get(entry));
            }
        }
        return out;
    }

    private static String report(ForkedJvm jvm) {
        return "\ncommand: " + String.join(" ", jvm.command()) + "\nstdout:\n" + String.join("\n", jvm.stdoutLines())
                + "\nstderr:\n" + String.join("\n", jvm.stderrLines());
    }
}
