package dev.pancake.junit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import dev.pancake.testkit.ForkedJvm;
import dev.pancake.testkit.RedisExtension;
import dev.pancake.testkit.TestRedis;

/**
 * Test JVMs as a build tool starts them, on every JDK of {@link ForkedJvm#jdks()}: the extension
 * attaches the agent itself, or finds it started with {@code -javaagent}. Either way the tests
 * pass, and pancake.yml's Redis (a real one here) never sees a connection.
 */
@ExtendWith(RedisExtension.class)
class AttachModesIT {

    private static final Duration TIMEOUT = Duration.ofMinutes(2);
    private static final String HINT = "[pancake-junit] attaching the Pancake agent to this test JVM";
    private static final String JVM_WARNING = "A Java agent has been loaded dynamically";
    private static final String[] TESTS = {OverrideAnnotationsTest.class.getName(), ClassOverridesTest.class.getName(),
        PancakeFlagsTest.class.getName()};

    private final TestRedis redis;

    AttachModesIT(TestRedis redis) {
        this.redis = redis;
    }

    static List<Path> jdks() {
        return ForkedJvm.jdks();
    }

    static List<Path> jdksThatWarn() {
        return ForkedJvm.jdks().stream().filter(j -> ForkedJvm.javaFeatureVersion(j) >= 21).collect(Collectors.toList());
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void theExtensionAttachesTheAgent(Path jdk) {
        ForkedJvm jvm = runTests(jdk, b -> b);
        boolean warns = ForkedJvm.javaFeatureVersion(jdk) >= 21;
        assertEquals(warns ? 1 : 0, count(jvm.stderrLines(), HINT), String.join("\n", jvm.stderrLines()));
        assertEquals(warns ? 1 : 0, count(jvm.stderrLines(), JVM_WARNING), String.join("\n", jvm.stderrLines()));
    }

    @ParameterizedTest(allowZeroInvocations = true)
    @MethodSource("jdksThatWarn")
    void enableDynamicAgentLoadingSilencesTheWarning(Path jdk) {
        ForkedJvm jvm = runTests(jdk, b -> b.jvmArg("-XX:+EnableDynamicAgentLoading"));
        assertEquals(0, count(jvm.stderrLines(), HINT), String.join("\n", jvm.stderrLines()));
        assertEquals(0, count(jvm.stderrLines(), JVM_WARNING), String.join("\n", jvm.stderrLines()));
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void anAgentStartedWithJavaagentAndStoreMemoryIsUsed(Path jdk) {
        ForkedJvm jvm = runTests(jdk, b -> b.agent(AgentJar.locate(), "store=memory"));
        assertEquals(0, count(jvm.stderrLines(), HINT), String.join("\n", jvm.stderrLines()));
        assertEquals(0, count(jvm.stderrLines(), JVM_WARNING), String.join("\n", jvm.stderrLines()));
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void anAgentStartedWithJavaagentOnPancakeYmlsRedisIsRefused(Path jdk) {
        try (ForkedJvm jvm = fork(jdk, b -> b.agent(AgentJar.locate(), null))) {
            assertEquals(1, jvm.awaitExit(TIMEOUT), report(jvm));
            String refusal = jvm.awaitStdout("FAILED", TIMEOUT);
            assertTrue(refusal.contains("PancakeTestException: the Pancake agent in this JVM uses Redis"
                    + " redis://127.0.0.1:" + redis.port()), refusal);
            assertTrue(refusal.contains("it was started with -javaagent but without store=memory, and tests never touch"
                    + " the flags of a real store. Add =store=memory,admin=off to it in Surefire's argLine"), refusal);
        }
    }

    @Test
    void withoutAPancakeYmlAnOverrideSaysWhereTheAgentLooked(@TempDir Path empty) {
        Path jdk = ForkedJvm.jdks().get(0);
        try (ForkedJvm jvm = fork(jdk, b -> b.workDir(empty))) {
            assertEquals(1, jvm.awaitExit(TIMEOUT), report(jvm));
            String failure = jvm.awaitStdout("FAILED aSwitchTurnedOnRunsTheBody()", TIMEOUT);
            assertTrue(failure.endsWith("PancakeTestException: @OverrideSwitch(name = \"NEW_CHECKOUT\", active = true) on "
                    + OverrideAnnotationsTest.class.getName() + ".aSwitchTurnedOnRunsTheBody(): switch NEW_CHECKOUT is not"
                    + " declared in pancake.yml (the agent found no pancake.yml: it looked for " + empty.resolve("pancake.yml")
                    + "; name one with @PancakeTest(config = \"...\") or -Dpancake.config)"), failure);
        }
    }

    /** Runs the tests in a JVM of {@code jdk}: they all pass, and pancake.yml's Redis sees no connection. */
    private ForkedJvm runTests(Path jdk, UnaryOperator<ForkedJvm.Builder> options) {
        long before = connections();
        try (ForkedJvm jvm = fork(jdk, options)) {
            assertEquals(0, jvm.awaitExit(TIMEOUT), report(jvm));
            String summary = jvm.awaitStdout("tests: ", TIMEOUT);
            assertTrue(summary.matches("tests: \\d+ passed, 0 failed"), summary);
            assertEquals(before + 1, connections(), "only this test's own INFO reached Redis: " + report(jvm));
            return jvm;
        }
    }

    private ForkedJvm fork(Path jdk, UnaryOperator<ForkedJvm.Builder> options) {
        List<Path> classpath = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            classpath.add(Paths.get(entry));
        }
        ForkedJvm.Builder builder = ForkedJvm.builder().javaHome(jdk).classpath(classpath.toArray(new Path[0]))
                .workDir(Paths.get(System.getProperty("pancake.junit.project")))
                .env("PANCAKE_JUNIT_REDIS_PORT", Integer.toString(redis.port()))
                .mainClass("dev.pancake.junit.scenarios.ScenarioMain").args(TESTS);
        return options.apply(builder).start();
    }

    private long connections() {
        String info = redis.command("INFO", "stats");
        for (String line : info.split("\r?\n")) {
            if (line.startsWith("total_connections_received:")) {
                return Long.parseLong(line.substring(line.indexOf(':') + 1).trim());
            }
        }
        throw new AssertionError("no total_connections_received in INFO stats: " + info);
    }

    private static long count(List<String> lines, String text) {
        return lines.stream().filter(l -> l.contains(text)).count();
    }

    private static String report(ForkedJvm jvm) {
        return "\ncommand: " + String.join(" ", jvm.command()) + "\nstdout:\n" + String.join("\n", jvm.stdoutLines())
                + "\nstderr:\n" + String.join("\n", jvm.stderrLines());
    }
}
