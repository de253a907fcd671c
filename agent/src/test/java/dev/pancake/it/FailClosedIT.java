package dev.pancake.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Fail closed, never stall: whenever the agent cannot decide (still starting, start-up failed,
 * configuration unreadable, an interrupted thread), a gated method runs its fallback, never its
 * body, and the first calls wait for the store's first read at most timeout-ms in total, not at
 * all once that read failed. Each test times the application's very first gated call inside the
 * forked application ({@code FirstCallMain}), made while the agent may still be starting.
 */
class FailClosedIT {

    private static final Pattern FIRST = Pattern.compile("first call returned (\\S+) in (\\d+) us(.*)");
    /**
     * Far above what the rules allow (timeout-ms, 100 ms by default, or no wait at all), so that a
     * loaded machine passes; far below what the old agent took (10 s, 3 s, 1 s).
     */
    private static final long PROMPTLY_MS = 750;

    @TempDir
    Path dir;

    /** The first call's answer and how long it took in ms, from FirstCallMain's first line. */
    private record FirstCall(String answer, long millis, String rest) {
        static FirstCall of(AgentApp app) {
            String line = app.jvm().stdoutLines().get(0);
            Matcher m = FIRST.matcher(line);
            assertTrue(m.matches(), line);
            return new FirstCall(m.group(1), Long.parseLong(m.group(2)) / 1_000, m.group(3));
        }
    }

    private static AgentApp start(Path jdk, Path config, String... jvmArgs) {
        AgentApp.Builder b = AgentApp.on(jdk).agentArgs("config=" + config).main("dev.pancake.fixture.FirstCallMain");
        for (String a : jvmArgs) {
            b.jvmArg(a);
        }
        return b.start();
    }

    private static AgentApp startInterrupted(Path jdk, Path config) {
        return AgentApp.on(jdk).agentArgs("config=" + config).main("dev.pancake.fixture.FirstCallMain", "interrupted")
                .start();
    }

    private Path config(String yaml) throws IOException {
        return Files.writeString(dir.resolve("pancake.yml"), yaml);
    }

    private static void assertPromptly(FirstCall first) {
        assertTrue(first.millis() < PROMPTLY_MS, "the first call took " + first.millis() + " ms");
    }

    @ParameterizedTest
    @MethodSource("dev.pancake.it.Jdks#all")
    void aConfigurationThatIsAPipeNobodyWritesIsRefusedAndCallsRunTheirFallback(Path jdk) throws Exception {
        Path fifo = dir.resolve("pancake.yml");
        assertEquals(0, new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start().waitFor());
        try (AgentApp app = start(jdk, fifo)) {
            FirstCall first = FirstCall.of(app);
            assertEquals("null", first.answer(), "the body ran");
            assertPromptly(first);
            app.awaitStderrLines("[pancake] ERROR " + fifo + ": not a regular file (a pipe, a device or a directory);"
                    + " pancake.yml must be a file; running without flags until it is fixed");
            assertEquals("= null", app.call("Shop#checkout"));
        }
    }

    @ParameterizedTest
    @MethodSource("dev.pancake.it.Jdks#all")
    void aConfigurationThatNeverEndsIsRefusedAndCallsRunTheirFallback(Path jdk) {
        try (AgentApp app = start(jdk, Path.of("/dev/zero"))) {
            FirstCall first = FirstCall.of(app);
            assertEquals("null", first.answer(), "the body ran");
            assertPromptly(first);
            app.awaitStderrLines("[pancake] ERROR /dev/zero: not a regular file (a pipe, a device or a directory);"
                    + " pancake.yml must be a file; running without flags until it is fixed");
            assertEquals("= null", app.call("Shop#checkout"));
        }
    }

    /**
     * The engine cannot be built: a 4 MiB pancake.yml does not fit in a 4 MB heap. The file is read
     * into one array of its size, so that one allocation fails at once, without first filling the
     * heap the application's own threads allocate in.
     */
    @ParameterizedTest
    @MethodSource("dev.pancake.it.Jdks#all")
    void aStartThatFailsLeavesEveryGatedMethodOnItsSkipFallback(Path jdk) throws Exception {
        Path big = config("#" + "\u00e9".repeat(2 * 1024 * 1024 - 2) + "\n");
        assertEquals(4 * 1024 * 1024 - 2, Files.size(big));
        try (AgentApp app = start(jdk, big, "-Xmx4m")) {
            FirstCall first = FirstCall.of(app);
            assertEquals("null", first.answer(), "the body ran");
            assertPromptly(first);
            List<String> failed = RedisAgentTests.awaitStderr(app, "the agent could not start", 1);
            assertEquals(List.of("[pancake] ERROR the agent could not start; every gated method runs its skip fallback"
                    + " and the API answers as if no agent were attached: java.lang.OutOfMemoryError: Java heap space"),
                    failed, String.join("\n", app.stderr()));
            assertEquals("= null", app.call("FirstCallMain#first"), "instrumented while starting");
            assertEquals("= null", app.call("Shop#checkout"), "loaded after the failure");
            assertEquals("= Integer:0", app.call("Shop#staticCount"));
            assertEquals("= Boolean:false", app.send("api switch NEW_CHECKOUT isActive"));
        }
    }

    /**
     * A Redis that accepts connections and never answers keeps the first read pending for
     * timeout-ms (3 s here). The default is true, so the body would run if the call waited and
     * then decided: the fallback shows the call was undecided, and it did not wait.
     */
    @ParameterizedTest
    @MethodSource("dev.pancake.it.Jdks#all")
    void aCallOnAnInterruptedThreadRunsTheFallbackAtOnceAndStaysInterrupted(Path jdk) throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Path yaml = config("redis:\n  url: redis://127.0.0.1:" + silent.getLocalPort() + "/0\n  timeout-ms: 3000\n"
                    + "flags:\n  NEW_CHECKOUT: {default: true}\n");
            try (AgentApp app = startInterrupted(jdk, yaml)) {
                FirstCall first = FirstCall.of(app);
                assertEquals("null", first.answer(), "the body ran");
                assertEquals(", still interrupted true", first.rest());
                assertPromptly(first);
            }
        }
    }

    /**
     * Redis refuses connections: the first read fails at once, and the first call gets the default
     * (true: the body) without waiting, though timeout-ms would allow 2 s. Until pancake.yml is
     * read the first call waits the default timeout-ms (100 ms): on a machine so busy that reading
     * it takes longer, the call rightly fails closed, says so, and the run tells nothing about
     * refused connections, so it is tried again (a few times at most).
     */
    @ParameterizedTest
    @MethodSource("dev.pancake.it.Jdks#all")
    void aRefusedConnectionMeansTheFirstCallDoesNotWait(Path jdk) throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        Path yaml = config("redis:\n  url: redis://127.0.0.1:" + closed + "/0\n  timeout-ms: 2000\n"
                + "flags:\n  NEW_CHECKOUT: {default: true}\n");
        for (int attempt = 1; ; attempt++) {
            try (AgentApp app = start(jdk, yaml)) {
                FirstCall first = FirstCall.of(app);
                if (first.answer().equals("null") && attempt < 4 && !RedisAgentTests.awaitStderr(app,
                        "[pancake] WARN the agent is still starting after 100 ms (timeout-ms)", 1).isEmpty()) {
                    continue;
                }
                assertEquals("body", first.answer(), "the default of pancake.yml\n" + String.join("\n", app.stderr()));
                assertPromptly(first);
                app.jvm().awaitStderr("[pancake] WARN cannot reach Redis redis://127.0.0.1:" + closed + "/0",
                        AgentApp.TIMEOUT);
                return;
            }
        }
    }

    /** One long list (3.8 MB, under the 4 MiB limit), then four levels of five aliases to it. */
    static String billionLaughs(int listLength) {
        StringBuilder b = new StringBuilder("a: &a [x");
        b.append(",x".repeat(listLength - 1)).append("]\n");
        String[] names = {"a", "b", "c", "d", "e"};
        for (int level = 1; level < names.length; level++) {
            String alias = "*" + names[level - 1];
            b.append(names[level]).append(": &").append(names[level]).append(" [").append(alias)
                    .append(("," + alias).repeat(4)).append("]\n");
        }
        return b.append("flags:\n  NEW_CHECKOUT: {default: true}\n").toString();
    }

    @ParameterizedTest
    @MethodSource("dev.pancake.it.Jdks#all")
    void aBillionLaughsIsRefusedQuicklyByTheAgentWhichFailsClosed(Path jdk) throws Exception {
        Path laughs = config(billionLaughs(1_900_000));
        assertTrue(Files.size(laughs) > 3_800_000 && Files.size(laughs) < 4 * 1024 * 1024);
        try (AgentApp app = start(jdk, laughs)) {
            FirstCall first = FirstCall.of(app);
            assertEquals("null", first.answer(), "the body ran");
            assertPromptly(first);
            List<String> refused = RedisAgentTests.awaitStderr(app, "YAML nodes", 1);
            assertEquals(List.of("[pancake] ERROR " + laughs + ":1:200002: more than 100,000 YAML nodes, counting each"
                    + " alias as the nodes it stands for; is it really pancake.yml?; running without flags until it is"
                    + " fixed"), refused);
            assertEquals("= null", app.call("FirstCallMain#first"), "no flags: NEW_CHECKOUT is undeclared");
        }
    }

    @ParameterizedTest
    @MethodSource("dev.pancake.it.Jdks#all")
    void aBillionLaughsIsRefusedQuicklyByTheCli(Path jdk) throws Exception {
        Files.writeString(dir.resolve("long.yml"), billionLaughs(1_900_000), StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("laughs.yml"), billionLaughs(50_000), StandardCharsets.UTF_8);
        CliRun.Result composing = new CliRun(dir).javaHome(jdk).run("--config", "long.yml", "list");
        assertEquals(2, composing.status(), composing.toString());
        assertEquals(List.of("pancake: long.yml:1:200002: more than 100,000 YAML nodes, counting each alias as the"
                + " nodes it stands for; is it really pancake.yml?"), composing.err(), composing.toString());
        CliRun.Result expanding = new CliRun(dir).javaHome(jdk).run("--config", "laughs.yml", "list");
        assertEquals(2, expanding.status(), expanding.toString());
        assertEquals(List.of("pancake: laughs.yml:2:4: more than 100,000 YAML nodes, counting each alias as the"
                + " nodes it stands for; is it really pancake.yml?"), expanding.err(), expanding.toString());
        // each run includes starting a JVM; unbounded, the first took minutes and more than a gigabyte
        assertTrue(composing.took().toSeconds() < 15 && expanding.took().toSeconds() < 15,
                composing.took() + ", " + expanding.took());
    }
}
