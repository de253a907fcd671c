package dev.pancake.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import dev.pancake.testkit.ForkedJvm;
import dev.pancake.testkit.RedisExtension;
import dev.pancake.testkit.TestRedis;

/**
 * A Spring Boot executable jar (fixtures/spring-boot-app) run as {@code java -javaagent:pancake-agent.jar
 * -jar spring-boot-app.jar}: its classes and the annotations jar live in Boot's LaunchedClassLoader.
 */
@Tag("slow")
@ExtendWith(RedisExtension.class)
class SpringBootIT {

    private static final Duration BOOT_TIMEOUT = Duration.ofSeconds(90);

    private final TestRedis redis;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    SpringBootIT(TestRedis redis) {
        this.redis = redis;
    }

    @BeforeEach
    void clean() {
        redis.flushAll();
    }

    static Path bootJar() {
        String path = System.getProperty("pancake.fixture.boot.jar");
        if (path == null) {
            throw new IllegalStateException("run with 'mvn verify' (Failsafe sets pancake.fixture.boot.jar)");
        }
        return Paths.get(path);
    }

    @ParameterizedTest
    @MethodSource("dev.pancake.it.Jdks#all")
    void gatedControllerServiceBehindACglibProxyAndTheApi(Path jdk) throws Exception {
        Path dir = Files.createTempDirectory("pancake-boot");
        Files.writeString(dir.resolve("pancake.yml"), "redis:\n  url: " + redis.url() + "\n"
                + "groups:\n  user: dev.pancake.fixture.boot.CurrentUser#ID\n"
                + "flags:\n"
                + "  BOOT_CHECKOUT: {default: false, fallback: {return: old checkout}}\n"
                + "  BOOT_PRICING: {default: false, fallback: {return: old price}}\n"
                + "  BOOT_SEARCH: {type: flag, default: false, fallback: {return: old search}}\n");
        // java -javaagent:... -jar spring-boot-app.jar: "-jar" takes the main class's place on the command line
        try (ForkedJvm jvm = ForkedJvm.builder().javaHome(jdk).workDir(dir)
                .agent(AgentApp.agentJar(), null)
                .mainClass("-jar").args(bootJar().toString())
                .start()) {
            String ready = jvm.awaitStdout("boot ready port=", BOOT_TIMEOUT);
            String base = "http://127.0.0.1:" + ready.substring(ready.indexOf('=') + 1).trim();

            assertEquals("org.springframework.boot.loader.launch.LaunchedClassLoader"
                    + " / org.springframework.boot.loader.launch.LaunchedClassLoader", get(base + "/loader"));

            // a gated controller method, flipped in Redis
            assertEquals("old checkout", get(base + "/checkout"));
            redis.set("SWITCH:pancake:BOOT_CHECKOUT", "1");
            awaitBody("new checkout", base + "/checkout");

            // a gated service method called through the CGLIB scoped proxy, flipped by the API
            assertEquals("old price via PricingService$$SpringCGLIB$$0", get(base + "/price"));
            assertEquals("false", get(base + "/api/switch/BOOT_PRICING"));
            assertEquals("ok", post(base + "/api/switch/BOOT_PRICING/enable"));
            assertEquals("new price via PricingService$$SpringCGLIB$$0", get(base + "/price"));
            assertEquals("true", get(base + "/api/switch/BOOT_PRICING"));
            assertEquals("1", redis.get("SWITCH:pancake:BOOT_PRICING"));

            // a Flag per user, whose accessor is a class inside the Boot jar
            assertEquals("ok", post(base + "/api/flag/BOOT_SEARCH/enable-user?id=alice"));
            assertEquals("beta search", get(base + "/search?user=alice"));
            assertEquals("old search", get(base + "/search?user=bob"));

            // the agent's meters, on Micrometer's global registry, which Boot's Prometheus registry joins
            awaitContains(base + "/actuator/prometheus",
                    "pancake_evaluations_total{flag=\"BOOT_CHECKOUT\",outcome=\"active\",type=\"switch\"}",
                    "pancake_evaluations_total{flag=\"BOOT_SEARCH\",outcome=\"inactive\",type=\"flag\"} 1.0",
                    "pancake_flag_enabled{flag=\"BOOT_PRICING\",type=\"switch\"} 1.0",
                    "pancake_flag_enabled{flag=\"BOOT_SEARCH\",type=\"flag\"} 0.0",
                    "pancake_store_up 1.0", "pancake_changes_seen_total ");

            List<String> agentLines = jvm.stderrLines().stream().filter(l -> l.contains("[pancake]")).toList();
            assertTrue(agentLines.isEmpty(), "stderr: " + jvm.stderrLines());
        }
    }

    private String get(String url) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(url)).GET());
    }

    private String post(String url) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(url)).POST(HttpRequest.BodyPublishers.noBody()));
    }

    private String send(HttpRequest.Builder request) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(request.timeout(Duration.ofSeconds(20)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        return r.body();
    }

    private static void awaitContains(String url, String... lines) {
        String[] last = {""};
        try {
            AdminHttp.await(url + " to show " + java.util.Arrays.toString(lines), () -> {
                last[0] = AdminHttp.get(url).body();
                return java.util.Arrays.stream(lines).allMatch(last[0]::contains);
            });
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "; it answered:\n" + last[0], e);
        }
    }

    private void awaitBody(String expected, String url) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + AgentApp.TIMEOUT.toNanos();
        String last = null;
        while (System.nanoTime() < deadline) {
            last = get(url);
            if (expected.equals(last)) {
                return;
            }
            Thread.sleep(10);
        }
        throw new AssertionError(url + " answered " + last + ", expected " + expected);
    }
}
