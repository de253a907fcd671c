package dev.pancake.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import dev.pancake.testkit.ForkedJvm;
import dev.pancake.testkit.RedisExtension;
import dev.pancake.testkit.TestRedis;

/** A Switch-gated method under the real agent jar, flipped by another Redis client. */
@ExtendWith(RedisExtension.class)
class SwitchIT {

    static Stream<Path> jdks() {
        return ForkedJvm.jdks().stream();
    }

    private final TestRedis redis;

    SwitchIT(TestRedis redis) {
        this.redis = redis;
    }

    @BeforeEach
    void clean() {
        redis.flushAll();
    }

    private AgentApp start(Path jdk, String flags) {
        return AgentApp.on(jdk).config("redis:\n  url: " + redis.url() + "\nflags:\n" + flags).start();
    }

    private static final String FLAGS = """
              NEW_CHECKOUT: {type: switch, default: false}
              RECOMMENDATIONS: {default: false}
              STRICT: {default: false, fallback: throw}
            """;

    @ParameterizedTest
    @MethodSource("jdks")
    void gatedMethodFollowsSetAndDelOfItsSwitchKey(Path jdk) {
        try (AgentApp app = start(jdk, FLAGS)) {
            assertEquals("= null", app.call("Shop#checkout"));
            redis.set("SWITCH:pancake:NEW_CHECKOUT", "1");
            app.awaitCall("= String:new checkout", "Shop#checkout");
            assertEquals("= Integer:7", app.call("Shop#staticCount"));
            redis.set("SWITCH:pancake:NEW_CHECKOUT", "0");
            app.awaitCall("= null", "Shop#checkout");
            assertEquals("= Integer:0", app.call("Shop#staticCount"));
            redis.set("SWITCH:pancake:NEW_CHECKOUT", "1");
            app.awaitCall("= String:new checkout", "Shop#checkout");
            redis.del("SWITCH:pancake:NEW_CHECKOUT");
            app.awaitCall("= null", "Shop#checkout");
        }
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void switchStoredBeforeStartIsReadAtStartup(Path jdk) {
        redis.set("SWITCH:pancake:NEW_CHECKOUT", "1");
        try (AgentApp app = start(jdk, FLAGS)) {
            assertEquals("= String:new checkout", app.call("Shop#checkout"));
        }
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void defaultAppliesWhileTheKeyIsAbsent(Path jdk) {
        try (AgentApp app = start(jdk, "  NEW_CHECKOUT: {default: true}\n")) {
            assertEquals("= String:new checkout", app.call("Shop#checkout"));
            redis.set("SWITCH:pancake:NEW_CHECKOUT", "0");
            app.awaitCall("= null", "Shop#checkout");
        }
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void exceptionsOfTheBodyPassThroughUnchanged(Path jdk) {
        redis.set("SWITCH:pancake:NEW_CHECKOUT", "1");
        try (AgentApp app = start(jdk, FLAGS)) {
            assertEquals("! java.io.IOException: the body's own exception", app.call("Shop#failing"));
        }
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void inactiveSwitchRunsTheFallback(Path jdk) {
        try (AgentApp app = start(jdk, FLAGS)) {
            assertEquals("= ListN:[]", app.call("Shop#recommendations"));
            assertEquals("! dev.pancake.FeatureDisabledException: feature STRICT is disabled", app.call("Shop#strict"));
            redis.set("SWITCH:pancake:STRICT", "1");
            app.awaitCall("= String:strict ran", "Shop#strict");
        }
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void healthyAgentWritesNothingToStderr(Path jdk) {
        try (AgentApp app = start(jdk, FLAGS)) {
            redis.set("SWITCH:pancake:NEW_CHECKOUT", "1");
            app.awaitCall("= String:new checkout", "Shop#checkout");
            app.call("Shop#recommendations");
            List<String> stderr = app.stderr();
            assertTrue(stderr.isEmpty(), "stderr: " + stderr);
        }
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void withoutRedisSectionTheInMemoryStoreServesTheApiAndGates(Path jdk) {
        try (AgentApp app = AgentApp.on(jdk).config("flags:\n" + FLAGS).start()) {
            assertEquals("= null", app.call("Shop#checkout"));
            assertEquals("= String:ok", app.send("api switch NEW_CHECKOUT enable"));
            assertEquals("= String:new checkout", app.call("Shop#checkout"));
            assertEquals("= Boolean:true", app.send("api switch new_checkout isActive"));
            assertEquals("= String:ok", app.send("api switch NEW_CHECKOUT clear"));
            assertEquals("= null", app.call("Shop#checkout"));
        }
    }
}
