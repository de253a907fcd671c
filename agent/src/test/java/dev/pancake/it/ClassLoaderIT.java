package dev.pancake.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import dev.pancake.Toggle;
import dev.pancake.fixture.FixtureMain;
import dev.pancake.testkit.RedisExtension;
import dev.pancake.testkit.TestRedis;

/**
 * Gated methods and the programmatic API work whichever class loader holds the application and
 * the annotations jar: the system class path, and a child URLClassLoader created at run time
 * (holding the annotations jar too, or taking it from the class path). Spring Boot's loader is
 * {@link SpringBootIT}; classes loaded before a dynamic attach are {@link AttachIT}.
 */
@ExtendWith(RedisExtension.class)
class ClassLoaderIT {

    private final TestRedis redis;

    ClassLoaderIT(TestRedis redis) {
        this.redis = redis;
    }

    @BeforeEach
    void clean() {
        redis.flushAll();
    }

    /** The shop's flags and the user group, on this Redis. */
    static String config(TestRedis redis) {
        return "redis:\n  url: " + redis.url() + "\n"
                + "groups:\n  user: dev.pancake.fixture.RequestContext#CURRENT_USER.id\n"
                + "flags:\n  NEW_CHECKOUT: {default: false}\n  BETA_SEARCH: {type: flag, default: false}\n"
                + "  RECOMMENDATIONS: {default: false}\n  STRICT: {default: false}\n";
    }

    @ParameterizedTest
    @MethodSource("dev.pancake.it.Jdks#all")
    void systemClassPath(Path jdk) {
        try (AgentApp app = AgentApp.on(jdk).config(config(redis)).start()) {
            assertEquals("= String:fixture=app annotations=app", app.call("LoaderProbe#loaders"));
            exercise(app);
        }
    }

    @ParameterizedTest
    @MethodSource("dev.pancake.it.Jdks#all")
    void childLoaderHoldingTheAppAndTheAnnotationsJar(Path jdk) {
        try (AgentApp app = AgentApp.on(jdk).config(config(redis))
                .main("dev.pancake.fixture.ChildLoaderMain", "platform", fixtureClasses(), annotationsJar()).start()) {
            assertEquals("= String:fixture=plugin annotations=plugin", app.call("LoaderProbe#loaders"));
            exercise(app);
        }
    }

    @ParameterizedTest
    @MethodSource("dev.pancake.it.Jdks#all")
    void childLoaderWithTheAnnotationsJarOnTheClassPath(Path jdk) {
        try (AgentApp app = AgentApp.on(jdk).config(config(redis))
                .main("dev.pancake.fixture.ChildLoaderMain", "system", fixtureClasses()).start()) {
            assertEquals("= String:fixture=plugin annotations=app", app.call("LoaderProbe#loaders"));
            exercise(app);
        }
    }

    /** A Switch flipped in Redis and by the API, and a Flag overridden per user (the accessor is read in the app's loader). */
    private void exercise(AgentApp app) {
        assertEquals("= null", app.call("Shop#checkout"));
        redis.set("SWITCH:pancake:NEW_CHECKOUT", "1");
        app.awaitCall("= String:new checkout", "Shop#checkout");
        assertEquals("= Boolean:true", app.send("api switch NEW_CHECKOUT isActive"));
        assertEquals("= String:ok", app.send("api switch NEW_CHECKOUT disable"));
        assertEquals("= null", app.call("Shop#checkout"));
        assertEquals("0", redis.get("SWITCH:pancake:NEW_CHECKOUT"));

        assertEquals("= String:ok", app.send("api flag BETA_SEARCH enableUser alice"));
        app.send("user alice");
        assertEquals("= String:beta search", app.call("Catalog#search"));
        assertEquals("= Boolean:true", app.send("api flag BETA_SEARCH isActive"));
        app.send("user bob");
        assertEquals("= null", app.call("Catalog#search"));
        assertTrue(app.stderr().isEmpty(), "stderr: " + app.stderr());
    }

    private static String fixtureClasses() {
        return AgentApp.location(FixtureMain.class).toString();
    }

    private static String annotationsJar() {
        return AgentApp.location(Toggle.class).toString();
    }
}
