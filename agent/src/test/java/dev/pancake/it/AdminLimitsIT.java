package dev.pancake.it;

import static dev.pancake.it.AdminHttp.TOKEN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import dev.pancake.testkit.ForkedJvm;

/**
 * The admin page never harms its host: connections, header and body time and size are bounded,
 * a flood takes neither the page nor the application's file descriptors, and names other than
 * the page's own are refused. Real sockets to a forked JVM running the shaded agent jar; every
 * socket goes to 127.0.0.1.
 */
class AdminLimitsIT {

    /** The page's connection cap (docs/admin.md). */
    static final int CAP = 32;
    static final byte[] HALF_REQUEST = "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n".getBytes(StandardCharsets.US_ASCII);
    static final Duration ANSWER = Duration.ofSeconds(30);

    static Stream<Path> jdks() {
        return ForkedJvm.jdks().stream();
    }

    static final String FLAGS = """
            flags:
              NEW_CHECKOUT: {type: switch, default: false}
            """;

    private static AgentApp start(Path jdk, String admin) {
        return AgentApp.on(jdk).config(FLAGS + admin).start();
    }

    private static AgentApp startWithToken(Path jdk) {
        return start(jdk, "admin:\n  port: 0\n  token: " + TOKEN + "\n");
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void aFloodOfHalfOpenConnectionsLeavesThePageAndTheHostsFilesAlone(Path jdk) throws Exception {
        try (AgentApp app = startWithToken(jdk)) {
            String url = AdminHttp.url(app);
            int port = URI.create(url).getPort();
            long pid = app.jvm().pid();
            assertEquals("= String:opened 1", app.call("HostResources#openFiles", "1"));
            int before = fds(pid);
            int limit = before + 4 * CAP;
            limitFds(pid, limit);
            List<Socket> flood = new ArrayList<>();
            try {
                // more connections than the cap, and than the file descriptors the JVM has left
                for (int i = 0; i < 3 * limit; i++) {
                    Socket s = connect(port, Duration.ofSeconds(2));
                    if (s == null) {
                        break; // the server no longer accepts: the backlog is full
                    }
                    flood.add(s);
                    try {
                        s.getOutputStream().write(HALF_REQUEST);
                    } catch (IOException closedByThePage) {
                        // an excess connection, closed at once
                    }
                }
                var page = AdminHttp.get(url);
                assertEquals(200, page.statusCode(), "the page answers during the flood");
                assertTrue(page.body().contains("NEW_CHECKOUT"), page.body());
                var change = AdminHttp.command(url, TOKEN, "{\"type\": \"switch\", \"name\": \"NEW_CHECKOUT\", "
                        + "\"verb\": \"enable\"}");
                assertEquals(200, change.statusCode(), change.body());
                assertEquals("= String:opened 20", app.call("HostResources#openFiles", "20"),
                        "the application can still open files");
                int during = fds(pid);
                System.out.println("flood of " + flood.size() + " connections on Java "
                        + ForkedJvm.javaFeatureVersion(jdk) + ": the JVM has " + during + " fds (" + before
                        + " before), " + threads(pid) + " threads");
                assertTrue(during <= before + CAP + 8, "the page holds at most " + CAP + " connections: " + before
                        + " fds before the flood, " + during + " during it");
            } finally {
                for (Socket s : flood) {
                    s.close();
                }
            }
            assertEquals("= String:" + new SecureRandom().getAlgorithm() + " 32", app.call("HostResources#crypto"),
                    "SecureRandom and MessageDigest still work after the flood");
            assertOneLinePerCauseAndNoStackTrace(app);
        }
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void slowRequestsAreCutOffAndNeverHoldThePage(Path jdk) throws Exception {
        try (AgentApp app = startWithToken(jdk)) {
            String url = AdminHttp.url(app);
            int port = URI.create(url).getPort();
            try (Socket half1 = connect(port, ANSWER); Socket half2 = connect(port, ANSWER);
                    Socket slowBody = connect(port, ANSWER); Socket loris = connect(port, ANSWER)) {
                half1.getOutputStream().write(HALF_REQUEST);
                half2.getOutputStream().write(HALF_REQUEST);
                slowBody.getOutputStream().write(("POST /api/command HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer "
                        + TOKEN + "\r\nContent-Length: 100\r\n\r\n{\"type\":").getBytes(StandardCharsets.US_ASCII));
                assertEquals(200, AdminHttp.get(url + "status").statusCode(), "half-sent requests do not hold the page");

                // slow loris: a header that never ends, a byte at a time
                loris.getOutputStream().write("GET /status HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: "
                        .getBytes(StandardCharsets.US_ASCII));
                loris.setSoTimeout(250);
                InputStream in = loris.getInputStream();
                String answer = null;
                long deadline = System.nanoTime() + ANSWER.toNanos();
                for (int i = 0; i < 1000 && answer == null && System.nanoTime() < deadline; i++) {
                    try {
                        loris.getOutputStream().write('a');
                        int b = in.read();
                        answer = b < 0 ? "" : (char) b + read(loris);
                    } catch (SocketTimeoutException stillReading) {
                        // the page is still waiting for the header: send the next byte
                    } catch (IOException closed) {
                        answer = "";
                    }
                }
                assertTrue(answer != null, "a header sent a byte at a time is cut off");
                assertTrue(answer.isEmpty() || answer.startsWith("HTTP/1.1 408 "), answer);
                assertTrue(read(slowBody).startsWith("HTTP/1.1 408 "), "a body that never arrives is cut off");
                String half = read(half1);
                assertTrue(half.isEmpty() || half.startsWith("HTTP/1.1 408 "), "a half-sent request is cut off: " + half);
                assertEquals(200, AdminHttp.get(url + "status").statusCode());
            }
            assertOneLinePerCauseAndNoStackTrace(app);
        }
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void oversizedHeadersAndBodiesAreRefused(Path jdk) throws Exception {
        try (AgentApp app = startWithToken(jdk)) {
            int port = URI.create(AdminHttp.url(app)).getPort();
            String big = "GET /status HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: " + "a".repeat(64 * 1024) + "\r\n\r\n";
            assertTrue(exchange(port, big).startsWith("HTTP/1.1 431 "), "a 64 KiB header is refused");
            String huge = "POST /api/command HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + TOKEN
                    + "\r\nContent-Length: 10000000\r\n\r\n";
            String answer = exchange(port, huge);
            assertTrue(answer.startsWith("HTTP/1.1 413 "), "a body larger than the page takes is refused before it"
                    + " is sent: " + answer);
            assertTrue(answer.contains("larger than 16384 bytes"), answer);
            String ok = exchange(port, "GET /status HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
            assertTrue(ok.startsWith("HTTP/1.1 200 "), ok);
            assertOneLinePerCauseAndNoStackTrace(app);
        }
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void foreignHostNamesAreRefusedOnAnyBindAndAnOpenBindWithoutTokenWarns(Path jdk) throws Exception {
        try (AgentApp app = start(jdk, "admin:\n  port: 0\n  bind: 0.0.0.0\n  hosts: [pancake.internal]\n")) {
            int port = URI.create(AdminHttp.url(app)).getPort();
            String refused = exchange(port, get("attacker.example:" + port));
            assertTrue(refused.startsWith("HTTP/1.1 403 "), refused);
            assertFalse(refused.contains("NEW_CHECKOUT"), refused);
            assertTrue(refused.contains("admin.hosts"), "the answer says how to allow a name: " + refused);
            for (String host : new String[] {"pancake.internal:" + port, "PANCAKE.internal", "127.0.0.1:" + port,
                    "localhost:" + port, "0.0.0.0:" + port}) {
                String answer = exchange(port, get(host));
                assertTrue(answer.startsWith("HTTP/1.1 200 "), host + ": " + answer);
            }
            assertEquals(1, app.agentLines("admin.token").size(), "one warning: " + app.stderr());
            String warning = app.agentLines("admin.token").get(0);
            assertTrue(warning.startsWith("[pancake] WARN admin page on 0.0.0.0:" + port + " "), warning);
            assertOneLinePerCauseAndNoStackTrace(app);
        }
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void aLoopbackPageRefusesItsBindAddressUnderAnotherName(Path jdk) throws Exception {
        try (AgentApp app = startWithToken(jdk)) {
            int port = URI.create(AdminHttp.url(app)).getPort();
            assertTrue(exchange(port, get("localhost.attacker.example")).startsWith("HTTP/1.1 403 "));
            assertTrue(exchange(port, get("127.0.0.1")).startsWith("HTTP/1.1 200 "));
            assertTrue(app.agentLines("admin.token").isEmpty(), "a loopback page does not warn: " + app.stderr());
        }
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void aWhitespaceTokenIsRefusedAtLoad(Path jdk) {
        try (AgentApp app = start(jdk, "admin:\n  port: 0\n  token: \"          \"\n")) {
            String line = app.jvm().awaitStderr(Pattern.compile("admin\\.token"), AgentApp.TIMEOUT);
            assertTrue(Pattern.compile("^\\[pancake\\] ERROR pancake\\.yml:5:\\d+: admin\\.token: expected a token,"
                    + " got only spaces").matcher(line).find(), line);
            assertTrue(app.agentLines("admin page on").isEmpty(), "no page with a blank token: " + app.stderr());
        }
    }

    // ---- helpers

    static String get(String host) {
        return "GET /status HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n";
    }

    /** Sends the request and reads the answer until the page closes the connection. */
    static String exchange(int port, String request) throws IOException {
        try (Socket s = connect(port, ANSWER)) {
            try {
                s.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            } catch (IOException refusedWhileSending) {
                // the page answered before the whole request was sent; its answer is read below
            }
            return read(s);
        }
    }

    /** What the page sends until it closes the connection ("" when it closed without an answer). */
    static String read(Socket s) throws IOException {
        s.setSoTimeout((int) ANSWER.toMillis());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        try {
            InputStream in = s.getInputStream();
            for (int n; (n = in.read(buffer)) >= 0;) {
                out.write(buffer, 0, n);
            }
        } catch (SocketTimeoutException e) {
            throw new AssertionError("the page neither answered nor closed within " + ANSWER + ": " + out);
        } catch (IOException reset) {
            // the page closed with our request unread; what arrived before is its answer
        }
        return out.toString(StandardCharsets.ISO_8859_1);
    }

    /** A socket to 127.0.0.1:port, or null when the connection is not accepted within the timeout. */
    static Socket connect(int port, Duration timeout) throws IOException {
        Socket s = new Socket();
        try {
            s.connect(new InetSocketAddress("127.0.0.1", port), (int) timeout.toMillis());
            return s;
        } catch (SocketTimeoutException e) {
            s.close();
            return null;
        }
    }

    static int fds(long pid) throws IOException {
        try (Stream<Path> fds = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
            return (int) fds.count();
        }
    }

    static String threads(long pid) throws IOException {
        return Files.readAllLines(Path.of("/proc", Long.toString(pid), "status")).stream()
                .filter(l -> l.startsWith("Threads:")).findFirst().orElse("Threads: ?").substring(8).trim();
    }

    /** Lowers the forked JVM's file descriptor limit, so that a small flood could exhaust it. */
    static void limitFds(long pid, int limit) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("prlimit", "--pid", Long.toString(pid), "--nofile=" + limit + ":" + limit)
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(20, TimeUnit.SECONDS) && p.exitValue() == 0, "prlimit failed: " + out);
    }

    /** The agent reports each cause once, and nothing, the JDK included, prints a stack trace. */
    static void assertOneLinePerCauseAndNoStackTrace(AgentApp app) {
        List<String> lines = app.stderr();
        Set<String> seen = new HashSet<>();
        for (String line : lines) {
            assertTrue(line.startsWith("[pancake] "), "only the agent's own lines on stderr: " + lines);
            assertTrue(seen.add(line), "one line per cause: " + lines);
        }
    }
}
