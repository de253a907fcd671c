package dev.pancake.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import dev.pancake.testkit.ForkedJvm;
import dev.pancake.testkit.TestRedis;

/** Flags with groups under the real agent jar and real Redis. */
class FlagIT extends RedisAgentTests {

    static final String GROUPS = """
            groups:
              user: dev.pancake.fixture.RequestContext#CURRENT_USER.id
              tenant: dev.pancake.fixture.RequestContext#currentTenant()
            """;

    FlagIT(TestRedis redis) {
        super(redis);
    }

    private static String expectBeta(boolean active) {
        return active ? "= String:beta" : "= null";
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void truthTableOfUserOverrideTimesGlobalTimesDefault(Path jdk) {
        String flags = "flags:\n  BETA_ON: {type: flag, default: true}\n  BETA_OFF: {type: flag, default: false}\n";
        try (AgentApp app = start(jdk, GROUPS + flags)) {
            app.send("user 42");
            String[][] flagsAndMethods = {{"BETA_ON", "Beta#on", "true"}, {"BETA_OFF", "Beta#off", "false"}};
            String[] overrides = {"clearUser", "enableUser", "disableUser"};
            String[] globals = {"clear", "enable", "disable"};
            int rows = 0;
            for (String[] f : flagsAndMethods) {
                for (String override : overrides) {
                    assertEquals("= String:ok", app.send("api flag " + f[0] + " " + override + " 42"));
                    for (String global : globals) {
                        assertEquals("= String:ok", app.send("api flag " + f[0] + " " + global));
                        boolean dflt = Boolean.parseBoolean(f[2]);
                        boolean globally = global.equals("clear") ? dflt : global.equals("enable");
                        // the user's override, else the global state, else the default
                        boolean expected = override.equals("clearUser") ? globally : override.equals("enableUser");
                        String row = f[0] + " after " + override + " 42 and " + global;
                        assertEquals(expectBeta(expected), app.call(f[1]), "gated call, " + row);
                        assertEquals("= Boolean:" + expected, app.send("api flag " + f[0] + " isActive"), "isActive, " + row);
                        assertEquals("= Boolean:" + globally, app.send("api flag " + f[0] + " isActiveGlobally"), row);
                        rows++;
                    }
                }
            }
            assertEquals(18, rows);
            app.send("user -");
            assertEquals(expectBeta(false), app.call("Beta#on"), "no user: the global state (disabled)");
        }
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void groupsAreConsultedInPancakeYmlOrder(Path jdk) {
        try (AgentApp app = start(jdk, GROUPS + "flags:\n  BETA_OFF: {type: flag, default: false}\n")) {
            app.send("api flag BETA_OFF disableUser 42");
            app.send("api flag BETA_OFF enableGroup tenant acme");
            app.send("tenant acme");
            assertEquals(expectBeta(true), app.call("Beta#off"), "no user: the tenant decides");
            app.send("user 42");
            assertEquals(expectBeta(false), app.call("Beta#off"), "user comes first");
            app.send("user 43");
            assertEquals(expectBeta(true), app.call("Beta#off"), "user 43 has no override: the tenant decides");
            app.send("tenant other");
            assertEquals(expectBeta(false), app.call("Beta#off"), "no override at all: the default");
        }
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void everyAccessorShapeYieldsItsGroupsId(Path jdk) {
        String groups = """
                groups:
                  user: dev.pancake.fixture.RequestContext#CURRENT_USER.id
                  tenant: dev.pancake.fixture.RequestContext#currentTenant()
                  region: dev.pancake.fixture.RequestContext#REGION
                  plan: dev.pancake.fixture.RequestContext#session().account.plan
                """;
        try (AgentApp app = start(jdk, groups + "flags:\n  BETA_OFF: {type: flag, default: false}\n")) {
            app.send("api flag BETA_OFF enableUser 42");
            app.send("api flag BETA_OFF enableGroup tenant acme");
            app.send("api flag BETA_OFF enableGroup region eu");
            app.send("api flag BETA_OFF enableGroup plan gold");
            String[][] shapes = {
                {"user 42", "user -", "a ThreadLocal field, then a record accessor"},
                {"tenant acme", "tenant -", "a static no-arg method"},
                {"region eu", "region -", "a static field"},
                {"plan gold", "plan -", "a static method, then a getter, then a public field"},
            };
            for (String[] shape : shapes) {
                assertEquals(expectBeta(false), app.call("Beta#off"), "before " + shape[0]);
                app.send(shape[0]);
                assertEquals(expectBeta(true), app.call("Beta#off"), shape[2]);
                app.send(shape[1]);
            }
            assertEquals(List.of(), stderr(app, "group "), "no accessor problem");
        }
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void anAccessorThatIsMissingOrThrowsIsReportedOnceAndItsGroupSkipped(Path jdk) {
        String groups = """
                groups:
                  user: dev.pancake.fixture.NoSuchContext#CURRENT_USER.id
                  flaky: dev.pancake.fixture.RequestContext#failing()
                  tenant: dev.pancake.fixture.RequestContext#currentTenant()
                """;
        try (AgentApp app = start(jdk, groups + "flags:\n  BETA_OFF: {type: flag, default: false}\n")) {
            app.send("api flag BETA_OFF disableUser 42");
            app.send("api flag BETA_OFF disableGroup flaky ok");
            app.send("api flag BETA_OFF enableGroup tenant acme");
            app.send("user 42");
            app.send("tenant acme");
            app.send("fail no request in scope");
            for (int i = 0; i < 5; i++) {
                assertEquals(expectBeta(true), app.call("Beta#off"), "user and flaky are skipped: the tenant decides");
            }
            List<String> missing = awaitStderr(app, "group user:", 1);
            assertEquals(1, missing.size(), String.join("\n", app.stderr()));
            assertTrue(missing.get(0).startsWith("[pancake] WARN pancake.yml:4: group user: accessor"
                    + " dev.pancake.fixture.NoSuchContext#CURRENT_USER.id cannot be used from the application class loader:"
                    + " class dev.pancake.fixture.NoSuchContext not found; the group is skipped"), missing.get(0));
            assertEquals(List.of("[pancake] WARN group flaky: accessor dev.pancake.fixture.RequestContext#failing() threw"
                    + " java.lang.IllegalStateException: no request in scope; the group is skipped for the calls where it"
                    + " throws"), awaitStderr(app, "group flaky:", 1));
            app.send("fail -");
            assertEquals(expectBeta(false), app.call("Beta#off"), "the accessor works again: its id \"ok\" is disabled");
        }
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void overridesWrittenByAnotherClientAreSeenAndThoseStoredBeforeStartAreRead(Path jdk) {
        // what flask-pancake's Flag.enable_group("user", object_id=42) sends
        redis.command("SADD", "FLAG:pancake:t:user:BETA_OFF", "FLAG:pancake:k:user:BETA_OFF:42");
        redis.set("FLAG:pancake:k:user:BETA_OFF:42", "1");
        try (AgentApp app = start(jdk, GROUPS + "flags:\n  BETA_OFF: {type: flag, default: false}\n")) {
            app.send("user 42");
            assertEquals(expectBeta(true), app.call("Beta#off"), "read at start-up through the tracking set");
            app.send("user 43");
            assertEquals(expectBeta(false), app.call("Beta#off"));
            redis.command("SADD", "FLAG:pancake:t:user:BETA_OFF", "FLAG:pancake:k:user:BETA_OFF:43");
            redis.set("FLAG:pancake:k:user:BETA_OFF:43", "1");
            app.awaitCall(expectBeta(true), "Beta#off");
            // flask-pancake's clear_all_group("user")
            redis.del("FLAG:pancake:k:user:BETA_OFF:42", "FLAG:pancake:k:user:BETA_OFF:43");
            redis.command("SREM", "FLAG:pancake:t:user:BETA_OFF", "FLAG:pancake:k:user:BETA_OFF:42",
                    "FLAG:pancake:k:user:BETA_OFF:43");
            app.awaitCall(expectBeta(false), "Beta#off");
            app.send("user 42");
            assertEquals(expectBeta(false), app.call("Beta#off"));
        }
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void aGatedClassInAChildClassLoaderResolvesAccessorsInThatLoader(Path jdk) {
        String groups = "groups:\n  user: dev.pancake.fixture.plugin.PluginContext#USER\n";
        String flags = "flags:\n  PLUGIN_BETA: {type: flag, default: false}\n  PLUGIN_STRICT: {fallback: throw}\n";
        try (AgentApp app = start(jdk, groups + flags)) {
            app.send("api flag PLUGIN_BETA enableUser 42");
            for (String loader : new String[] {"plugin", "isolated"}) {
                assertEquals("= null", app.send(loader + " call dev.pancake.fixture.plugin.PluginShop#beta"));
                app.send(loader + " user 42");
                // only the child loader's copy of PluginContext holds user 42
                assertEquals("= String:plugin beta", app.send(loader + " call dev.pancake.fixture.plugin.PluginShop#beta"),
                        loader);
                assertEquals("= Boolean:true", app.send(loader + " api flag PLUGIN_BETA isActive"), loader);
                assertEquals("= Boolean:false", app.send("api flag PLUGIN_BETA isActive"), "the application's copy has no user");
                app.send(loader + " user -");
            }
            assertEquals("! dev.pancake.fixture.Plugins$PluginFailure: dev.pancake.FeatureDisabledException: feature"
                    + " PLUGIN_STRICT is disabled [isolated]",
                    app.send("isolated call dev.pancake.fixture.plugin.PluginShop#strict"),
                    "thrown as the child loader's own FeatureDisabledException");
            assertEquals("! dev.pancake.fixture.Plugins$PluginFailure: dev.pancake.FeatureDisabledException: feature"
                    + " PLUGIN_STRICT is disabled [app]", app.send("plugin call dev.pancake.fixture.plugin.PluginShop#strict"));
        }
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void groupIdsComeFromScopedValuesAndInheritableThreadLocalsOnVirtualThreads(Path jdk) {
        String yaml = """
                groups:
                  user: dev.pancake.fixture.VirtualUsers#USER
                  tenant: dev.pancake.fixture.VirtualUsers#TENANT
                flags:
                  VT_USER: {type: flag, default: false}
                  VT_TENANT: {type: flag, default: false}
                """;
        try (AgentApp app = start(jdk, yaml)) {
            assertEquals("= String:ok", app.send("api flag VT_TENANT enableGroup tenant acme"));
            assertEquals("= String:acme true", app.call("VirtualUsers#inherited", "acme"),
                    "the child thread inherits the tenant");
            assertEquals("= String:globex false", app.call("VirtualUsers#inherited", "globex"));
            if (ForkedJvm.javaFeatureVersion(jdk) < 25) {
                return; // ScopedValue is final from Java 25 on; the rest of this test is about it
            }
            int users = 3_000;
            for (int i = 0; i < users; i += 7) {
                assertEquals("= String:ok", app.send("api flag VT_USER enableGroup user u" + i));
            }
            assertEquals("= String:" + (users / 7 + 1) + " active, 0 wrong, unbound false",
                    app.call("VirtualUsers#virtualUsers", String.valueOf(users)));
            assertEquals("= String:ok", app.send("api flag VT_USER enable"));
            assertEquals("= String:ok", app.send("api flag VT_USER disableGroup user u1"));
            assertEquals("= String:ok", app.send("api flag VT_USER clearAllGroup user"));
            assertEquals("= String:ok", app.send("api flag VT_USER disable"));
        }
    }
}
