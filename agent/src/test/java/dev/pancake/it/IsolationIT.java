package dev.pancake.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import dev.pancake.testkit.ForkedJvm;
import dev.pancake.testkit.RedisExtension;
import dev.pancake.testkit.TestRedis;

/**
 * An application with its own, older Jedis, SnakeYAML, Byte Buddy and SLF4J (fixtures/isolation-app)
 * uses each of them while the agent, with its newer copies, gates its methods: neither sees the other's.
 */
@ExtendWith(RedisExtension.class)
class IsolationIT {

    private final TestRedis redis;

    IsolationIT(TestRedis redis) {
        this.redis = redis;
    }

    static Path[] isolationClasspath() throws IOException {
        String dir = System.getProperty("pancake.fixture.isolation.dir");
        if (dir == null) {
            throw new IllegalStateException("run with 'mvn verify' (Failsafe sets pancake.fixture.isolation.dir)");
        }
        List<Path> cp = new ArrayList<>();
        cp.add(Paths.get(dir, "classes"));
        try (Stream<Path> jars = Files.list(Paths.get(dir, "lib"))) {
            jars.sorted().forEach(cp::add);
        }
        return cp.toArray(new Path[0]);
    }

    @ParameterizedTest
    @MethodSource("dev.pancake.it.Jdks#all")
    void appWithOtherVersionsOfEveryLibraryRunsBesideTheAgent(Path jdk) throws Exception {
        redis.flushAll();
        Path dir = Files.createTempDirectory("pancake-isolation");
        // a patient timeout-ms: on a busy machine a read may take longer than 100 ms, and stderr must stay the app's
        Files.writeString(dir.resolve("pancake.yml"), "redis:\n  url: " + redis.url() + "\n  timeout-ms: 5000\n"
                + "flags:\n  ISOLATED: {default: false}\n");
        try (ForkedJvm jvm = ForkedJvm.builder().javaHome(jdk).workDir(dir)
                .agent(AgentApp.agentJar(), null)
                .classpath(isolationClasspath())
                .mainClass("dev.pancake.fixture.isolation.IsolationApp").args(redis.host(), String.valueOf(redis.port()))
                .start()) {
            jvm.awaitStdout("isolation done", Duration.ofSeconds(60));
            assertEquals(0, jvm.awaitExit(Duration.ofSeconds(20)));
            List<String> out = jvm.stdoutLines();
            assertTrue(out.contains("slf4j=org.slf4j.impl.SimpleLoggerFactory"), String.join("\n", out));
            assertTrue(out.contains("yaml=pancake,3 from snakeyaml-1.33.jar"), String.join("\n", out));
            assertTrue(out.contains("bytebuddy=made by byte buddy from byte-buddy-1.14.18.jar"), String.join("\n", out));
            assertTrue(out.contains("agent-visible=false,false,false"), String.join("\n", out));
            assertTrue(out.contains("jedis=app value from jedis-5.2.0.jar"), String.join("\n", out));
            assertTrue(out.contains("gated-before=null"), String.join("\n", out));
            assertTrue(out.contains("gated-after=on"), String.join("\n", out));
            assertTrue(out.contains("api=true"), String.join("\n", out));

            // the app's SLF4J binding logs the app's line; nothing of the agent (or SLF4J complaining) reaches stderr
            List<String> err = jvm.stderrLines();
            assertEquals(List.of("[main] INFO app - app logging works"), err, String.join("\n", err));
        }
    }
}
