package dev.pancake.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import dev.pancake.testkit.RedisExtension;
import dev.pancake.testkit.TestRedis;

/** Every method shape that can carry {@code @Toggle} (dev.pancake.fixture.Shapes), bridges, and methods without a body. */
@ExtendWith(RedisExtension.class)
class MethodShapesIT {

    private final TestRedis redis;

    MethodShapesIT(TestRedis redis) {
        this.redis = redis;
    }

    private String config() {
        return "redis:\n  url: " + redis.url() + "\n"
                + "groups:\n  counter: dev.pancake.fixture.Bridged#countingId()\n"
                + "flags:\n  SHAPES: {default: false}\n  BRIDGED: {type: flag, default: true}\n  UNBODIED: {default: false}\n";
    }

    /** Each wrapper of Shapes, with its answer while SHAPES is on; off, every gated one answers its skip fallback. */
    private static Map<String, String> whenOn() {
        Map<String, String> on = new LinkedHashMap<>();
        on.put("viaInstance", "= String:instance");
        on.put("viaStatic", "= String:static");
        on.put("viaFinal", "= String:final");
        on.put("viaSynchronized", "= String:synchronized, holding the lock: true");
        on.put("viaGeneric", "= String:pear");
        on.put("viaGenericClass", "= String:boxed");
        on.put("viaVarargs", "= String:a+b+c");
        on.put("viaWide", "= Long:42");
        on.put("viaOverloadInt", "= String:int 3");
        on.put("viaDefault", "= String:default method");
        on.put("viaInner", "= String:inner of shapes");
        on.put("viaAnonymous", "= String:anonymous");
        on.put("viaLambdaBody", "= String:instance");
        on.put("viaChecked", "! java.io.IOException: checked, from the body");
        return on;
    }

    @ParameterizedTest
    @MethodSource("dev.pancake.it.Jdks#all")
    void everyShapeIsGated(Path jdk) {
        redis.flushAll();
        try (AgentApp app = AgentApp.on(jdk).config(config()).start()) {
            for (String wrapper : whenOn().keySet()) {
                String expected = wrapper.equals("viaWide") ? "= Long:0" : "= null";
                assertEquals(expected, app.call("Shapes#" + wrapper), wrapper + " while SHAPES is off");
            }
            assertEquals("= String:string s", app.call("Shapes#viaOverloadString"), "the ungated overload");

            assertEquals("= String:ok", app.send("api switch SHAPES enable"));
            for (Map.Entry<String, String> e : whenOn().entrySet()) {
                assertEquals(e.getValue(), app.call("Shapes#" + e.getKey()), e.getKey() + " while SHAPES is on");
            }
            List<String> stderr = app.stderr();
            assertTrue(stderr.isEmpty(), "stderr: " + stderr);
        }
    }

    @ParameterizedTest
    @MethodSource("dev.pancake.it.Jdks#all")
    void bridgeMethodsAreNotGatedTwice(Path jdk) {
        redis.flushAll();
        try (AgentApp app = AgentApp.on(jdk).config(config()).start()) {
            // an override makes every evaluation read the group's (counting) accessor once
            assertEquals("= String:ok", app.send("api flag BRIDGED enableGroup counter somebody"));
            assertEquals("= String:bridged gate-runs=10", app.call("Bridged#callThroughBridge", "10"));
        }
    }

    @ParameterizedTest
    @MethodSource("dev.pancake.it.Jdks#all")
    void toggleOnAMethodWithoutBodyIsReported(Path jdk) {
        redis.flushAll();
        try (AgentApp app = AgentApp.on(jdk).config(config()).start()) {
            assertEquals("= String:dev.pancake.fixture.Unbodied$Port,dev.pancake.fixture.Unbodied", app.call("Unbodied#load"));
            app.awaitStderrLines(
                    "[pancake] WARN @Toggle on dev.pancake.fixture.Unbodied$Port#send is ignored: an abstract or interface"
                            + " method has no body to gate; annotate the method that implements it",
                    "[pancake] WARN @Toggle on dev.pancake.fixture.Unbodied#render is ignored: an abstract or interface"
                            + " method has no body to gate; annotate the method that implements it");
        }
    }
}
