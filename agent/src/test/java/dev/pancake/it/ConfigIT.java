package dev.pancake.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import dev.pancake.testkit.TestRedis;

/** pancake.yml as the agent reads it at start-up: validation, ${VAR} expansion, declarations. */
class ConfigIT extends RedisAgentTests {

    ConfigIT(TestRedis redis) {
        super(redis);
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void anInvalidFileIsReportedOneLinePerProblemAndTheAppRunsWithoutFlags(Path jdk) {
        String yaml = "flags:\n  NEW_CHECKOUT: {default: true, fallback: {return: \"off\"}}\n  \"BAD NAME\": {}\n"
                + "  STRICT: {type: sample, default: -1}\n";
        try (AgentApp app = start(jdk, yaml)) {
            assertEquals("= null", app.call("Shop#checkout"), "no flags: inactive, fallback skip");
            String file = "pancake.yml"; // found in the working directory
            assertEquals(List.of(
                    "[pancake] ERROR " + file + ":5:3: flags.BAD NAME: a flag name must be letters, digits, '_', '-' or '.'"
                            + " (at most 200); running without flags until it is fixed",
                    "[pancake] ERROR " + file + ":6:35: flags.STRICT.default: a sample's default is a percentage in 0..100,"
                            + " got \"-1\"; running without flags until it is fixed"),
                    awaitStderr(app, "ERROR", 2));
            app.writeConfig(redisSection() + "flags:\n  NEW_CHECKOUT: {default: true}\n");
            app.awaitCall("= String:new checkout", "Shop#checkout");
        }
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void environmentVariablesExpandAnywhere(Path jdk) {
        String yaml = """
                redis:
                  url: ${PANCAKE_REDIS_URL}
                  timeout-ms: ${REDIS_TIMEOUT_MS:-250}
                flags:
                  NEW_CHECKOUT:
                    default: ${CHECKOUT_ON:-false}
                  STRICT: {fallback: {return: "${STRICT_TEXT:-strict is off}"}}
                """;
        try (AgentApp app = AgentApp.on(jdk).config(yaml).env("PANCAKE_REDIS_URL", redis.url()).env("CHECKOUT_ON", "true")
                .start()) {
            assertEquals("= String:new checkout", app.call("Shop#checkout"), "default: ${CHECKOUT_ON:-false} with true set");
            assertEquals("= String:strict is off", app.call("Shop#strict"), "the default after :-");
            redis.set("SWITCH:pancake:NEW_CHECKOUT", "0");
            app.awaitCall("= null", "Shop#checkout");
            assertEquals(List.of(), stderr(app, "ERROR"));
        }
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void aFlagUsedInCodeButNotDeclaredIsInactiveWithOneWarningNamingTheMethod(Path jdk) {
        redis.set("FLAG:pancake:UNDECLARED", "1");
        try (AgentApp app = start(jdk, "flags:\n  BETA_ON: {type: flag}\n")) {
            for (int i = 0; i < 3; i++) {
                assertEquals("= null", app.call("Beta#undeclared"));
            }
            assertEquals(List.of("[pancake] WARN flag UNDECLARED used by dev.pancake.fixture.Beta#undeclared() is not declared"
                    + " in pancake.yml; it stays inactive"), awaitStderr(app, "UNDECLARED", 1));
        }
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void aTypeThatDisagreesWithTheAnnotationIsReportedAndTheAnnotationWins(Path jdk) {
        try (AgentApp app = start(jdk, "flags:\n  MISTYPED: {type: sample, default: 100}\n")) {
            assertEquals("= String:ran", app.call("Beta#mistyped"), "a 100 % default reads as an active switch");
            redis.set("SWITCH:pancake:MISTYPED", "0");
            app.awaitCall("= null", "Beta#mistyped");
            List<String> warnings = awaitStderr(app, "MISTYPED", 1);
            assertEquals(1, warnings.size(), String.join("\n", app.stderr()));
            assertTrue(warnings.get(0).startsWith("[pancake] WARN flag MISTYPED is declared as a sample in "), warnings.get(0));
            assertTrue(warnings.get(0).endsWith(" (line 4) but dev.pancake.fixture.Beta#mistyped() uses it as a switch; the"
                    + " annotation wins: the method reads SWITCH:pancake:MISTYPED"), warnings.get(0));
        }
    }
}
