package dev.pancake.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ForkedJvmTest {
    private static final Duration WAIT = Duration.ofSeconds(20);

    static List<Path> jdks() {
        return ForkedJvm.jdks();
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void echoesStdinAndReportsTheExitCode(Path javaHome) throws Exception {
        try (ForkedJvm jvm = echo().javaHome(javaHome).systemProperty("echo.prop", "p1").env("ECHO_ENV", "e1").start()) {
            String ready = jvm.awaitStdout(Pattern.compile("^ready java=\\d+"), WAIT);
            assertEquals("ready java=" + ForkedJvm.javaFeatureVersion(javaHome) + " prop=p1 env=e1", ready);
            jvm.send("hello");
            assertEquals("echo: hello", jvm.awaitStdout("echo:", WAIT));
            jvm.send("hello");
            assertEquals("echo: hello", jvm.awaitStdout("echo:", WAIT), "awaits consume lines like expect");
            jvm.send("err: oops");
            assertEquals("oops", jvm.awaitStderr("oops", WAIT));
            jvm.send("exit 7");
            assertEquals(7, jvm.awaitExit(WAIT));
            assertEquals(List.of("echo: hello", "echo: hello"), jvm.stdoutLines().subList(1, 3));
            assertEquals(List.of("oops"), jvm.stderrLines());
        }
    }

    @Test
    void closingStdinIsEndOfFile() {
        try (ForkedJvm jvm = echo().start()) {
            jvm.awaitStdout("ready", WAIT);
            jvm.closeStdin();
            jvm.awaitStdout("eof", WAIT);
            assertEquals(0, jvm.awaitExit(WAIT));
        }
    }

    @Test
    void aJvmThatDiesFailsTheAwaitAtOnceWithItsOutput() {
        try (ForkedJvm jvm = echo().args("die", "3").start()) {
            long start = System.nanoTime();
            AssertionError e = assertThrows(AssertionError.class,
                    () -> jvm.awaitStdout("never printed", Duration.ofSeconds(60)));
            assertTrue(Duration.ofNanos(System.nanoTime() - start).compareTo(Duration.ofSeconds(15)) < 0);
            assertTrue(e.getMessage().contains("exited with code 3"), e.getMessage());
            assertTrue(e.getMessage().contains("dying"), e.getMessage());
            assertTrue(e.getMessage().contains(EchoMain.class.getName()), e.getMessage());
        }
    }

    @Test
    void timesOutWithEverythingCaptured() {
        try (ForkedJvm jvm = echo().start()) {
            jvm.awaitStdout("ready", WAIT);
            AssertionError e = assertThrows(AssertionError.class,
                    () -> jvm.awaitStdout("never printed", Duration.ofMillis(200)));
            assertTrue(e.getMessage().contains("within 200 ms"), e.getMessage());
            assertTrue(e.getMessage().contains("ready java="), e.getMessage());
            assertTrue(e.getMessage().contains("still running"), e.getMessage());
            jvm.kill();
            assertFalse(jvm.isAlive());
            assertThrows(IllegalStateException.class, () -> jvm.send("too late"));
        }
    }

    @Test
    void needsAMainClass() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> ForkedJvm.builder().start());
        assertTrue(e.getMessage().contains("mainClass"), e.getMessage());
    }

    @Test
    void readsTheJavaFeatureVersion() {
        assertEquals(Runtime.version().feature(), ForkedJvm.javaFeatureVersion(Path.of(System.getProperty("java.home"))));
        assertThrows(IllegalArgumentException.class, () -> ForkedJvm.javaFeatureVersion(Path.of("/nonexistent")));
    }

    @Test
    void listsJdksFromTheSystemProperty() {
        String before = System.getProperty(ForkedJvm.JDKS_PROPERTY);
        try {
            String home = System.getProperty("java.home");
            System.setProperty(ForkedJvm.JDKS_PROPERTY, home + " , " + home + ",");
            assertEquals(1, ForkedJvm.jdks().size(), "duplicates and blanks are dropped");
            System.setProperty(ForkedJvm.JDKS_PROPERTY, "/nonexistent-jdk");
            IllegalStateException e = assertThrows(IllegalStateException.class, ForkedJvm::jdks);
            assertTrue(e.getMessage().contains("/nonexistent-jdk"), e.getMessage());
        } finally {
            if (before == null) {
                System.clearProperty(ForkedJvm.JDKS_PROPERTY);
            } else {
                System.setProperty(ForkedJvm.JDKS_PROPERTY, before);
            }
        }
    }

    private static ForkedJvm.Builder echo() {
        return ForkedJvm.builder().classpath(testClasses()).mainClass(EchoMain.class.getName());
    }

    /** target/test-classes: Surefire's own class path may be a manifest-only jar. */
    private static Path testClasses() {
        try {
            return Path.of(EchoMain.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
