package dev.pancake.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import dev.pancake.Toggle;
import dev.pancake.fixture.FixtureMain;
import dev.pancake.testkit.TestRedis;

/**
 * A class loader that the application drops (a redeployed webapp) is never kept reachable by the
 * agent. The fixture ({@code dev.pancake.fixture.Redeploys}) deploys a webapp 40 times, each in a
 * fresh class loader (plain URLClassLoaders holding their own annotations jar, and Tomcat-style
 * parent-last loaders taking it from the class path), serves one request that calls every kind of
 * gated method (a Switch, a Flag whose group accessor reads the webapp's ThreadLocal, fallbacks
 * {@code {call: ...}}, {@code {return: ENUM}}, an empty array of a webapp class, {@code throw}) and
 * the programmatic API, undeploys it, and then collects garbage until every loader is gone.
 */
class RedeployIT extends RedisAgentTests {

    private static final int GENERATIONS = 40;
    private static final Duration SLOW = Duration.ofSeconds(120);

    private static final String CONFIG = "groups:\n  user: dev.pancake.fixture.webapp.WebContext#USER.id\n"
            + "flags:\n"
            + "  WEB_CHECKOUT:\n    default: false\n    methods:\n"
            + "      \"dev.pancake.fixture.webapp.WebShop#level\": {return: LOW}\n"
            + "  WEB_SEARCH: {type: flag, default: false, fallback: {call: legacySearch}}\n"
            + "  WEB_STRICT: {default: false, fallback: throw}\n";

    RedeployIT(TestRedis redis) {
        super(redis);
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void everyUndeployedWebappsClassLoaderIsCollected(Path jdk) {
        redis.set("FLAG:pancake:k:user:WEB_SEARCH:alice", "1");
        redis.command("SADD", "FLAG:pancake:t:user:WEB_SEARCH", "FLAG:pancake:k:user:WEB_SEARCH:alice");
        try (AgentApp app = start(jdk, CONFIG)) {
            Path webapp = webappClasses(app.dir().resolve("webapp"));
            assertEquals("= String:alice=beta search bob=legacy search checkout=null level=LOW users=0 strict=disabled"
                    + " api=false/true", answer(app, 9001, "redeploy " + webapp + " " + GENERATIONS + " " + annotationsJar()));
            assertEquals("= String:all " + GENERATIONS + " collected", answer(app, 9002, "collect 90"));
            assertTrue(app.stderr().isEmpty(), "stderr: " + app.stderr());
        }
    }

    /** Sends a fixture command that may take longer than {@link AgentApp#send} waits. */
    private static String answer(AgentApp app, int seq, String command) {
        app.jvm().send(seq + " " + command);
        String line = app.jvm().awaitStdout(Pattern.compile("^#" + seq + " "), SLOW);
        return line.substring(line.indexOf(' ') + 1);
    }

    /** The compiled webapp ({@code dev.pancake.fixture.webapp}), copied to a directory of its own like WEB-INF/classes. */
    private static Path webappClasses(Path target) {
        Path classes = AgentApp.location(FixtureMain.class);
        Path from = classes.resolve("dev/pancake/fixture/webapp");
        try (Stream<Path> files = Files.list(from)) {
            Path to = Files.createDirectories(target.resolve("dev/pancake/fixture/webapp"));
            List<Path> all = files.filter(f -> f.toString().endsWith(".class")).toList();
            for (Path f : all) {
                Files.copy(f, to.resolve(f.getFileName().toString()));
            }
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String annotationsJar() {
        return AgentApp.location(Toggle.class).toString();
    }
}
