package dev.pancake.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import dev.pancake.testkit.CountingListener;
import dev.pancake.testkit.TestRedis;

/**
 * The known SnakeYAML gadget (ScriptEngineManager over a URLClassLoader) in pancake.yml, read by
 * the real agent at start-up and on reload, and by the real CLI: refused with one line naming the
 * file, line and tag, and nothing is built; the URL points at a socket of this test that must
 * never be connected to.
 */
class YamlGadgetIT extends RedisAgentTests {

    private CountingListener listener;

    YamlGadgetIT(TestRedis redis) {
        super(redis);
    }

    @BeforeEach
    void listen() {
        listener = CountingListener.start();
    }

    @AfterEach
    void close() {
        listener.close();
    }

    private String gadget(String where) {
        String url = listener.url();
        return redisSection() + "flags:\n  NEW_CHECKOUT:\n    " + where
                + "!!javax.script.ScriptEngineManager [!!java.net.URLClassLoader [[!!java.net.URL [\"" + url + "\"]]]]\n"
                + TlsIT.SHOP_FLAGS.substring("flags:\n  NEW_CHECKOUT: {type: switch, default: false}\n".length());
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void theGadgetIsRefusedAtStartOnReloadAndByTheCliAndBuildsNothing(Path jdk) throws IOException {
        try (AgentApp app = AgentApp.on(jdk).config(gadget("default: ")).start()) {
            List<String> errors = awaitStderr(app, "ERROR", 1);
            assertEquals(List.of("[pancake] ERROR pancake.yml:5:14: YAML tag tag:yaml.org,2002:javax.script"
                    + ".ScriptEngineManager is not allowed: pancake.yml holds plain values only; running without flags"
                    + " until it is fixed"), errors);
            assertEquals("= null", app.call("Shop#checkout"));

            app.writeConfig(redisSection() + "flags:\n  NEW_CHECKOUT: {default: true}\n"
                    + TlsIT.SHOP_FLAGS.substring(TlsIT.SHOP_FLAGS.indexOf("  RECOMMENDATIONS")));
            app.awaitCall("= String:new checkout", "Shop#checkout");
            app.writeConfig(gadget("fallback: "));
            errors = awaitStderr(app, "ERROR", 2);
            assertEquals(2, errors.size(), String.join("\n", app.stderr()));
            assertEquals("[pancake] ERROR pancake.yml:5:15: YAML tag tag:yaml.org,2002:javax.script.ScriptEngineManager"
                    + " is not allowed: pancake.yml holds plain values only; the previous configuration stays in force",
                    errors.get(1));
            assertEquals("= String:new checkout", app.call("Shop#checkout"), "the previous configuration stays");
            assertFalse(String.join("\n", app.stderr()).contains("\tat "), String.join("\n", app.stderr()));

            Files.writeString(app.dir().resolve("pancake.yml"), gadget(""));
            CliRun.Result r = new CliRun(app.dir()).javaHome(jdk).run("list");
            assertEquals(2, r.status(), r.toString());
            assertEquals(List.of("pancake: pancake.yml:5:5: YAML tag tag:yaml.org,2002:javax.script.ScriptEngineManager"
                    + " is not allowed: pancake.yml holds plain values only"), r.err(), r.toString());
        }
        assertEquals(0, listener.connections(), "the gadget's URL was connected to");
    }
}
