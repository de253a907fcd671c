package dev.pancake.demo;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.pancake.testkit.ForkedJvm;

/**
 * The real demo jar in a forked JVM under the real agent jar, with demo/pancake.yml, started the way docs/demo.md
 * tells users to ({@code java -javaagent:pancake-agent.jar -Dpancake.config=pancake.yml -jar pancake-demo.jar}), on a
 * port the OS picks. Failsafe passes the three paths as system properties.
 */
final class RunningDemo implements AutoCloseable {

    static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final Pattern LISTENING = Pattern.compile("^Pancake demo listening on (http://localhost:(\\d+))$");

    /** An HTTP answer; the body without the trailing newline the demo adds to every non-empty answer. */
    record Reply(int status, String body) {
        @Override
        public String toString() {
            return status + " " + body;
        }
    }

    private final ForkedJvm jvm;
    private final String url;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private RunningDemo(ForkedJvm jvm, String url) {
        this.jvm = jvm;
        this.url = url;
    }

    private static int freePort() {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Starts the demo on {@code jdk}, with Redis at {@code redisUrl}, or with the in-memory store when it is null. */
    static RunningDemo start(Path jdk, String redisUrl) {
        ForkedJvm jvm = ForkedJvm.builder()
                .javaHome(jdk)
                .agent(file("pancake.agent.jar"), null)
                .systemProperty("pancake.config", file("pancake.demo.config").toString())
                .env("PORT", "0")
                // a free port rather than 0: the agent announces a port it picked itself on stderr
                .env("PANCAKE_ADMIN_PORT", String.valueOf(freePort()))
                .env("PANCAKE_CONFIG", null)
                .env("PANCAKE_REDIS_URL", redisUrl)
                // ForkedJvm writes "-cp ... MAIN ARGS"; "-jar JAR" in place of MAIN runs the jar by its manifest,
                // exactly as users do.
                .mainClass("-jar")
                .args(file("pancake.demo.jar").toString())
                .start();
        try {
            Matcher listening = LISTENING.matcher(jvm.awaitStdout(LISTENING, TIMEOUT));
            listening.matches();
            return new RunningDemo(jvm, listening.group(1));
        } catch (RuntimeException | Error e) {
            jvm.close();
            throw e;
        }
    }

    private static Path file(String property) {
        String path = System.getProperty(property);
        if (path == null) {
            throw new IllegalStateException("run the demo tests with 'mvn verify' (Failsafe sets " + property + ")");
        }
        Path file = Path.of(path);
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException(property + " names " + file + ", which does not exist; build it with"
                    + " 'mvn -pl demo -am verify'");
        }
        return file;
    }

    Reply get(String path) {
        return send(HttpRequest.newBuilder(URI.create(url + path)).GET());
    }

    Reply post(String path) {
        return send(HttpRequest.newBuilder(URI.create(url + path)).POST(HttpRequest.BodyPublishers.noBody()));
    }

    /** The body of {@code GET path}, which must answer 200 OK. */
    /** The demo's address, such as {@code http://localhost:PORT}, without a trailing slash. */
    String url() {
        return url;
    }

    String page(String path) {
        Reply reply = get(path);
        if (reply.status() != 200) {
            throw new AssertionError("GET " + path + " answered " + reply + stderrReport());
        }
        return reply.body();
    }

    /** Asserts that {@code GET path} answers 200 OK with a body that starts with {@code prefix}. */
    void assertPage(String path, String prefix) {
        String body = page(path);
        if (!body.startsWith(prefix)) {
            throw new AssertionError("GET " + path + " answered \"" + body + "\", expected a body starting with \""
                    + prefix + "\"");
        }
    }

    /** Polls {@code GET path} until its body starts with {@code prefix}: a change made in Redis arrives in a moment. */
    String awaitPage(String path, String prefix) {
        return awaitPage(path, "a body starting with \"" + prefix + "\"", body -> body.startsWith(prefix));
    }

    String awaitPage(String path, String description, Predicate<String> expected) {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        String last;
        do {
            last = page(path);
            if (expected.test(last)) {
                return last;
            }
            pause();
        } while (System.nanoTime() < deadline);
        throw new AssertionError("GET " + path + " answered \"" + last + "\", expected " + description + " within "
                + TIMEOUT.toSeconds() + " s" + stderrReport());
    }

    List<String> stdout() {
        return jvm.stdoutLines();
    }

    List<String> stderr() {
        return jvm.stderrLines();
    }

    @Override
    public void close() {
        jvm.close();
    }

    private Reply send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = http.send(request.timeout(TIMEOUT).build(),
                    HttpResponse.BodyHandlers.ofString());
            String body = response.body();
            return new Reply(response.statusCode(), body.endsWith("\n") ? body.substring(0, body.length() - 1) : body);
        } catch (IOException e) {
            throw new AssertionError("the demo did not answer " + request.build().uri() + ": " + e + stderrReport(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    private String stderrReport() {
        return "\ndemo stderr: " + String.join("\n", stderr());
    }

    private static void pause() {
        try {
            Thread.sleep(20);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
