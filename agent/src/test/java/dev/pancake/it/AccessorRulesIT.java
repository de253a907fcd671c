package dev.pancake.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * An accessor reads only what the application offers: pancake.yml naming a JDK method (here
 * {@code Thread#interrupted()}, which clears the calling thread's interrupt status) is refused when
 * the file is read, and a private static method is refused when the group is first used, each with
 * one line naming the file and line; neither is ever called.
 */
class AccessorRulesIT {

    private static final String FLAGS = "flags:\n  BETA_OFF: {type: flag, default: false}\n";

    @ParameterizedTest
    @MethodSource("dev.pancake.it.Jdks#all")
    void jdkAndPrivateMethodsAreRefusedAndTheInterruptStatusKept(Path jdk) {
        String jdkMethod = "groups:\n  interrupted: java.lang.Thread#interrupted()\n" + FLAGS;
        try (AgentApp app = AgentApp.on(jdk).config(jdkMethod).start()) {
            String refused = app.jvm().awaitStderr("groups.interrupted", AgentApp.TIMEOUT);
            assertTrue(refused.startsWith("[pancake] ERROR pancake.yml:2:16: groups.interrupted: java.lang.Thread is a JDK"
                    + " class; an accessor reads the application's own state"), refused);
            app.send("api flag BETA_OFF enableGroup interrupted true");
            String answer = app.send("call-interrupted dev.pancake.fixture.Beta#off");
            assertTrue(answer.endsWith("null, interrupted true"), "the interrupt status survives the Flag call: " + answer);

            String privateMethod = "groups:\n  hidden: dev.pancake.fixture.RequestContext#privateTenant()\n" + FLAGS;
            app.writeConfig(privateMethod);
            app.awaitAnswer("= String:ok", "api flag BETA_OFF enableGroup hidden acme"); // once BETA_OFF is declared
            assertEquals("= null", app.call("Beta#off"), "the group is skipped");
            assertEquals("= null", app.call("Beta#off"), "the group is skipped");
            assertEquals("= Integer:0", app.send("private-calls"), "the private method was never called");
            String line = app.jvm().awaitStderr("group hidden", AgentApp.TIMEOUT);
            assertTrue(line.startsWith("[pancake] WARN pancake.yml:2: group hidden: accessor"
                    + " dev.pancake.fixture.RequestContext#privateTenant() cannot be used from the application class loader:"
                    + " dev.pancake.fixture.RequestContext#privateTenant() is not public; an accessor reads only public"
                    + " members"), line);
            answer = app.send("call-interrupted dev.pancake.fixture.Beta#off");
            assertTrue(answer.endsWith("null, interrupted true"), answer);
            assertEquals(1, app.agentLines("groups.interrupted").size(), String.join("\n", app.stderr()));
            assertEquals(1, app.agentLines("group hidden").size(), String.join("\n", app.stderr()));
        }
    }
}
