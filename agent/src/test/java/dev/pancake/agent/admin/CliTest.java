package dev.pancake.agent.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;


/** The CLI in-process: exit codes and messages of everything that is decided before Redis answers. */
class CliTest {

    @TempDir
    Path dir;

    record Result(int status, String out, List<String> err) {}

    static Result run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = Cli.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        String e = err.toString(StandardCharsets.UTF_8);
        return new Result(status, out.toString(StandardCharsets.UTF_8), e.isEmpty() ? List.of() : List.of(e.split("\n")));
    }

    private Path config(String yaml) throws IOException {
        return Files.writeString(dir.resolve("pancake.yml"), yaml);
    }

    static int closedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private Path closedRedisConfig() throws IOException {
        return config("redis: {url: \"redis://127.0.0.1:" + closedPort() + "/0\", timeout-ms: 200}\n"
                + "groups: {user: com.example.Ctx#USER}\n"
                + "flags:\n  NEW_CHECKOUT: {type: switch}\n  RECOMMENDATIONS: {type: sample, default: 5}\n");
    }

    @Test
    void helpGoesToStdoutWithStatus0() {
        Result r = run("--help");
        assertEquals(0, r.status());
        assertTrue(r.out().startsWith("Usage: java -jar pancake-agent.jar"), r.out());
        assertEquals(List.of(), r.err());
    }

    @Test
    void noCommandPrintsTheOverviewOnStderrWithStatus2() {
        Result r = run();
        assertEquals(2, r.status());
        assertEquals("", r.out());
        assertTrue(r.err().get(0).startsWith("Usage: "), r.err().toString());
    }

    @Test
    void versionNamesTheAgent() {
        Result r = run("--version");
        assertEquals(0, r.status());
        assertTrue(r.out().startsWith("pancake-agent "), r.out());
    }

    @Test
    void usageErrorsAreOneLineWithStatus2() {
        Result r = run("switches", "enabel", "X");
        assertEquals(2, r.status());
        assertEquals(List.of("pancake: unknown command switches enabel; did you mean switches enable?"), r.err());
    }

    @Test
    void aMissingConfigNamedByConfigIsOneLineWithStatus2() {
        Path missing = dir.resolve("nope.yml");
        Result r = run("--config", missing.toString(), "list");
        assertEquals(2, r.status());
        assertEquals(List.of("pancake: " + missing + " (named by --config) does not exist"), r.err());
    }

    @Test
    void aConfigWithoutRedisIsRefusedInOneLine() throws IOException {
        Path file = config("flags:\n  NEW_CHECKOUT: {default: false}\n");
        Result r = run("--config", file.toString(), "switches", "enable", "NEW_CHECKOUT");
        assertEquals(2, r.status());
        assertEquals(1, r.err().size(), r.err().toString());
        assertTrue(r.err().get(0).startsWith("pancake: " + file + " has no redis: section"), r.err().toString());
        assertTrue(r.err().get(0).contains("JMX or the admin page"), r.err().toString());
    }

    @Test
    void anInvalidConfigGivesOneLinePerProblemWithItsPosition() throws IOException {
        Path file = config("redis: {url: \"redis://h:1\"}\nflags:\n  A: {default: maybe}\n  B: {type: swtch}\n");
        Result r = run("--config", file.toString(), "list");
        assertEquals(2, r.status());
        assertEquals(2, r.err().size(), r.err().toString());
        assertTrue(r.err().get(0).startsWith("pancake: " + file + ":3:"), r.err().toString());
        assertTrue(r.err().get(1).startsWith("pancake: " + file + ":4:"), r.err().toString());
    }

    @Test
    void namesAreCheckedBeforeRedisIsContacted() throws IOException {
        Path file = closedRedisConfig();
        Result r = run("--config", file.toString(), "switches", "enable", "NEW_CHEKOUT");
        assertEquals(2, r.status(), r.err().toString());
        assertEquals(List.of("pancake: unknown switch NEW_CHEKOUT; did you mean NEW_CHECKOUT?"), r.err());
    }

    @Test
    void aBadPercentageIsAUsageError() throws IOException {
        Path file = closedRedisConfig();
        Result r = run("--config", file.toString(), "samples", "set", "RECOMMENDATIONS", "142");
        assertEquals(2, r.status(), r.err().toString());
        assertEquals(List.of("pancake: sample RECOMMENDATIONS: expected a percentage in 0..100, got \"142\""), r.err());
    }

    @Test
    void anUnknownGroupIsAUsageError() throws IOException {
        Path file = closedRedisConfig();
        Result r = run("--config", file.toString(), "flags", "list-group", "usr", "42");
        assertEquals(2, r.status(), r.err().toString());
        assertEquals(List.of("pancake: unknown group usr; did you mean user?"), r.err());
    }

    @Test
    void anUnreachableRedisIsOneLineWithStatus1() throws IOException {
        Path file = closedRedisConfig();
        Result r = run("--config", file.toString(), "list");
        assertEquals(1, r.status(), r.err().toString());
        assertEquals(1, r.err().size(), r.err().toString());
        assertTrue(r.err().get(0).startsWith("pancake: cannot reach Redis redis://127.0.0.1:"), r.err().toString());
        assertEquals("", r.out());
    }
}
