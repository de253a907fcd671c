package dev.pancake.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import com.sun.tools.attach.VirtualMachine;

import dev.pancake.testkit.ForkedJvm;
import dev.pancake.testkit.RedisExtension;
import dev.pancake.testkit.TestRedis;

/**
 * Dynamic attach (the jar's {@code Agent-Class}): the agent is loaded into a running JVM with the
 * Attach API, and the classes that JVM loaded before are retransformed, so their {@code @Toggle}
 * methods become gated.
 */
@ExtendWith(RedisExtension.class)
class AttachIT {

    private static final String DYNAMIC_WARNING = "WARNING: A Java agent has been loaded dynamically";

    private final TestRedis redis;

    AttachIT(TestRedis redis) {
        this.redis = redis;
    }

    @BeforeEach
    void clean() {
        redis.flushAll();
    }

    static void attach(AgentApp app, String args) throws Exception {
        VirtualMachine vm = VirtualMachine.attach(String.valueOf(app.jvm().pid()));
        try {
            vm.loadAgent(AgentApp.agentJar().toString(), args);
        } finally {
            vm.detach();
        }
    }

    @ParameterizedTest
    @MethodSource("dev.pancake.it.Jdks#all")
    void classesLoadedBeforeTheAttachBecomeGated(Path jdk) throws Exception {
        try (AgentApp app = AgentApp.on(jdk).config(ClassLoaderIT.config(redis)).withoutAgent()
                .jvmArg("-XX:+EnableDynamicAgentLoading").start()) {
            // before: the class is loaded and runs ungated; the API has no agent to talk to
            assertEquals("= String:new checkout", app.call("Shop#checkout"));
            assertEquals("= Boolean:false", app.send("api switch NEW_CHECKOUT isActive"));
            assertTrue(app.send("api switch NEW_CHECKOUT enable").startsWith("! java.lang.IllegalStateException"));

            attach(app, null);

            app.awaitCall("= null", "Shop#checkout");
            redis.set("SWITCH:pancake:NEW_CHECKOUT", "1");
            app.awaitCall("= String:new checkout", "Shop#checkout");
            assertEquals("= Boolean:true", app.send("api switch NEW_CHECKOUT isActive"));
            assertEquals("= String:ok", app.send("api switch NEW_CHECKOUT disable"));
            assertEquals("= null", app.call("Shop#checkout"));

            // a class loaded after the attach is gated as it loads
            assertEquals("= null", app.call("Catalog#search"));
            assertEquals("= String:ok", app.send("api flag BETA_SEARCH enableUser alice"));
            app.send("user alice");
            assertEquals("= String:beta search", app.call("Catalog#search"));

            assertTrue(app.stderr().isEmpty(), "stderr: " + app.stderr());

            // a second attach is refused, with one line, and changes nothing
            attach(app, null);
            app.jvm().awaitStderr("[pancake] WARN the agent is already running in this JVM", AgentApp.TIMEOUT);
            assertEquals("= null", app.call("Shop#checkout"));
        }
    }

    @ParameterizedTest
    @MethodSource("dev.pancake.it.Jdks#all")
    void withoutEnableDynamicAgentLoadingJdk21AndLaterWarn(Path jdk) throws Exception {
        try (AgentApp app = AgentApp.on(jdk).config(ClassLoaderIT.config(redis)).withoutAgent().start()) {
            assertEquals("= String:new checkout", app.call("Shop#checkout"));
            attach(app, "config=" + app.dir().resolve("pancake.yml"));
            app.awaitCall("= null", "Shop#checkout");
            List<String> stderr = app.stderr();
            boolean warned = stderr.stream().anyMatch(l -> l.startsWith(DYNAMIC_WARNING));
            if (ForkedJvm.javaFeatureVersion(jdk) >= 21) {
                assertTrue(warned, "JDK 21+ warns about a dynamically loaded agent (JEP 451); stderr: " + stderr);
            } else {
                assertFalse(warned, "stderr: " + stderr);
            }
            assertTrue(stderr.stream().noneMatch(l -> l.startsWith("[pancake]")), "stderr: " + stderr);
        }
    }
}
