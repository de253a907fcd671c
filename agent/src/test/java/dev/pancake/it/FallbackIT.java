package dev.pancake.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.reactivestreams.Publisher;
import org.junit.jupiter.params.provider.MethodSource;

import dev.pancake.testkit.TestRedis;
import reactor.core.publisher.Mono;

/** Every kind of fallback under the real agent jar. The pancake.yml snippets here are the ones in docs/flags.md. */
class FallbackIT extends RedisAgentTests {

    FallbackIT(TestRedis redis) {
        super(redis);
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void skipReturnsNothingForEveryReturnShape(Path jdk) {
        try (AgentApp app = start(jdk, "flags:\n  SKIPPED: {default: false, fallback: skip}\n")) {
            String[][] expectations = {
                {"run", "= null"}, {"runs", "= Integer:0"},
                {"yes", "= Boolean:false"}, {"letter", "= Character:\0"}, {"octet", "= Byte:0"},
                {"small", "= Short:0"}, {"count", "= Integer:0"}, {"big", "= Long:0"}, {"staticBig", "= Long:0"},
                {"ratio", "= Float:0.0"}, {"precise", "= Double:0.0"},
                {"boxed", "= null"}, {"text", "= null"}, {"level", "= null"}, {"anything", "= null"},
                {"maybe", "= Optional:Optional.empty"}, {"maybeInt", "= OptionalInt:OptionalInt.empty"},
                {"list", "= ListN:[]"}, {"set", "= SetN:[]"}, {"map", "= MapN:{}"}, {"collection", "= ListN:[]"},
                {"arrayList", "= ArrayList:[]"}, {"hashMap", "= HashMap:{}"}, {"addToSkippedList", "= Integer:0"},
                {"stream", "= Stream:[]"}, {"intStream", "= IntStream:[]"},
                {"ints", "= int[0]"}, {"strings", "= String[0]"},
            };
            for (String[] e : expectations) {
                assertEquals(e[1], app.call("Fallbacks#" + e[0]), e[0]);
            }
            redis.set("SWITCH:pancake:SKIPPED", "1");
            app.awaitCall("= Integer:32", "Fallbacks#count");
            assertEquals("= String:body", app.call("Fallbacks#text"));
            app.call("Fallbacks#run");
            assertEquals("= Integer:1", app.call("Fallbacks#runs"));
        }
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void throwRaisesFeatureDisabledException(Path jdk) {
        try (AgentApp app = start(jdk, "flags:\n  THROWN: {fallback: throw}\n")) {
            assertEquals("! dev.pancake.FeatureDisabledException: feature THROWN is disabled", app.call("Fallbacks#thrown"));
            assertEquals("! dev.pancake.FeatureDisabledException: feature THROWN is disabled",
                    app.call("Fallbacks#thrownVoid"));
            assertEquals("= Integer:0", app.call("Fallbacks#runs"), "the body did not run");
        }
    }

    static final String RETURNED = """
            flags:
              RETURNED:
                fallback: {return: 42}
                methods:
                  "dev.pancake.fixture.Fallbacks#closed": {return: "closed"}
                  "dev.pancake.fixture.Fallbacks#half": {return: 0.5}
                  "dev.pancake.fixture.Fallbacks#allowed": {return: true}
                  "dev.pancake.fixture.Fallbacks#grade": {return: "z"}
                  "dev.pancake.fixture.Fallbacks#mode": {return: LOW}
                  "dev.pancake.fixture.Fallbacks#price": {return: "19.90"}
                  "dev.pancake.fixture.Fallbacks#slots": {return: 3}
                  "dev.pancake.fixture.Fallbacks#nothing": {return: null}
                  "dev.pancake.fixture.Fallbacks#boxedLong": {return: 7}
            """;

    @ParameterizedTest
    @MethodSource("jdks")
    void returnConvertsTheLiteralToTheReturnType(Path jdk) {
        try (AgentApp app = start(jdk, RETURNED)) {
            String[][] expectations = {
                {"answer", "= Integer:42"}, {"closed", "= String:closed"}, {"half", "= Double:0.5"},
                {"allowed", "= Boolean:true"}, {"grade", "= Character:z"}, {"mode", "= Level:LOW"},
                {"price", "= BigDecimal:19.90"}, {"slots", "= Optional:Optional[3]"},
                {"nothing", "= Optional:Optional.empty"}, {"boxedLong", "= Long:7"},
            };
            for (String[] e : expectations) {
                assertEquals(e[1], app.call("Fallbacks#" + e[0]), e[0]);
            }
            assertEquals(List.of(), stderr(app, "RETURNED"), "every literal fits");
        }
    }

    static final String CALLED = """
            flags:
              CALLED:
                fallback: {call: legacySearch}
                methods:
                  "dev.pancake.fixture.Fallbacks#staticSearch": {call: legacyStatic}
                  "dev.pancake.fixture.Fallbacks#lookup": {call: legacyStatic}
                  "dev.pancake.fixture.Fallbacks#failing": {call: legacyFailing}
            """;

    @ParameterizedTest
    @MethodSource("jdks")
    void callRunsTheNamedMethodWithTheSameArguments(Path jdk) {
        try (AgentApp app = start(jdk, CALLED)) {
            assertEquals("= String:legacy search for pancakes (3) on Fallbacks", app.call("Fallbacks#search", "pancakes", "3"),
                    "an instance method, on the same instance");
            assertEquals("= String:legacy static search for waffles", app.call("Fallbacks#staticSearch", "waffles"),
                    "a static method, from a static method");
            assertEquals("= String:legacy static search for crepes", app.call("Fallbacks#lookup", "crepes"),
                    "a static method, from an instance method");
            assertEquals("! java.io.IOException: legacy failed for q", app.call("Fallbacks#failing", "q"),
                    "its exceptions pass through");
            redis.set("SWITCH:pancake:CALLED", "1");
            app.awaitCall("= String:new search for pancakes", "Fallbacks#search", "pancakes", "3");
        }
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void futuresAndPublishersGetTheirFallbackInTheirOwnShape(Path jdk) throws Exception {
        try (AgentApp app = AgentApp.on(jdk).config(redisSection() + "flags:\n  ASYNC: {fallback: skip}\n")
                .classpath(AgentApp.location(Mono.class), AgentApp.location(Publisher.class)).start()) {
            assertEquals("= String:completed []; completed null; empty; values []", app.call("AsyncFallbacks#async"),
                    "skip: completed with the type argument's skip value, or empty");
            app.writeConfig(redisSection() + "flags:\n  ASYNC: {fallback: throw}\n");
            String failed = "java.util.concurrent.CompletionException: dev.pancake.FeatureDisabledException: feature"
                    + " ASYNC is disabled";
            app.awaitCall("= String:failed " + failed + "; failed " + failed
                    + "; error dev.pancake.FeatureDisabledException: feature ASYNC is disabled"
                    + "; error dev.pancake.FeatureDisabledException: feature ASYNC is disabled", "AsyncFallbacks#async");
            app.writeConfig(redisSection() + "flags:\n  ASYNC:\n    fallback: {return: 7}\n    methods:\n"
                    + "      \"dev.pancake.fixture.AsyncFallbacks#futureList\": skip\n"
                    + "      \"dev.pancake.fixture.AsyncFallbacks#mono\": {return: cached}\n");
            app.awaitCall("= String:completed []; completed 7; value cached; values [7]", "AsyncFallbacks#async");
            redis.set("SWITCH:pancake:ASYNC", "1");
            app.awaitCall("= String:completed [body]; completed 1; value body; values [1, 2]", "AsyncFallbacks#async");
            assertEquals(List.of(), stderr(app, "ASYNC"), "every fallback fits");
        }
    }

    static final String MISFIT = """
            flags:
              MISFIT:
                fallback: {return: "many"}
                methods:
                  "dev.pancake.fixture.Misfits#search": {call: legacySearch}
                  "dev.pancake.fixture.Misfits#staticSearch": {call: legacy}
                  "dev.pancake.fixture.Misfits#serch": skip
            """;

    @ParameterizedTest
    @MethodSource("jdks")
    void aFallbackThatCannotFitIsReportedWhenTheClassIsInstrumentedAndTheCallThrows(Path jdk) {
        try (AgentApp app = start(jdk, MISFIT)) {
            String disabled = "! dev.pancake.FeatureDisabledException: feature MISFIT is disabled, and the fallback of ";
            for (int i = 0; i < 3; i++) {
                assertEquals(disabled + "dev.pancake.fixture.Misfits#count() does not fit: {return: \"many\"} cannot be"
                        + " converted to int (expected a whole number in -2147483648..2147483647)", app.call("Misfits#count"));
                assertTrue(app.call("Misfits#search", "q").startsWith(disabled + "dev.pancake.fixture.Misfits#search("));
                assertTrue(app.call("Misfits#staticSearch", "q").startsWith(disabled));
                assertTrue(app.call("Misfits#log").startsWith(disabled));
            }
            List<String> errors = awaitStderr(app, "ERROR", 4);
            assertEquals(List.of(
                    "[pancake] ERROR flag MISFIT: the fallback of dev.pancake.fixture.Misfits#count() does not fit: {return:"
                            + " \"many\"} cannot be converted to int (expected a whole number in -2147483648..2147483647);"
                            + " while the flag is inactive the method throws FeatureDisabledException",
                    "[pancake] ERROR flag MISFIT: the fallback of dev.pancake.fixture.Misfits#search(java.lang.String) does"
                            + " not fit: {call: legacySearch}: dev.pancake.fixture.Misfits has no method"
                            + " legacySearch(java.lang.String); while the flag is inactive the method throws"
                            + " FeatureDisabledException",
                    "[pancake] ERROR flag MISFIT: the fallback of dev.pancake.fixture.Misfits#staticSearch(java.lang.String)"
                            + " does not fit: {call: legacy}: dev.pancake.fixture.Misfits#legacy(java.lang.String) is an"
                            + " instance method, but dev.pancake.fixture.Misfits#staticSearch(java.lang.String) is static and"
                            + " has no instance to call it on; while the flag is inactive the method throws"
                            + " FeatureDisabledException",
                    "[pancake] ERROR flag MISFIT: the fallback of dev.pancake.fixture.Misfits#log() does not fit: {return:"
                            + " \"many\"} does not fit a void method; use skip, throw or {call: ...}; while the flag is"
                            + " inactive the method throws FeatureDisabledException"),
                    errors, "reported once each, when the class was instrumented");
            assertEquals(List.of("[pancake] WARN pancake.yml (line 4): flags.MISFIT.methods names"
                    + " dev.pancake.fixture.Misfits#serch, but no method serch of dev.pancake.fixture.Misfits is gated by"
                    + " MISFIT; the entry has no effect"), awaitStderr(app, "serch", 1));
            redis.set("SWITCH:pancake:MISFIT", "1");
            app.awaitCall("= Integer:1", "Misfits#count");
        }
    }
}
