package dev.pancake.openfeature;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import dev.pancake.testkit.Await;
import dev.pancake.testkit.ForkedJvm;
import dev.pancake.testkit.RedisTests;
import dev.pancake.testkit.TestRedis;

/**
 * The provider as an application uses it, through the OpenFeature SDK's own API
 * ({@code setProviderAndWait}, {@code getBooleanDetails}, the handler {@code on(PROVIDER_CONFIGURATION_CHANGED, ...)}), in a forked JVM under
 * the real agent jar and a real Redis, on every JDK of {@link ForkedJvm#jdks()}. Changes are
 * written to Redis by another client, as redis-cli or flask-pancake would write them.
 */
class PancakeProviderIT extends RedisTests {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final String YAML = """
            groups:
              user: dev.pancake.openfeature.fixture.ProviderApp#USER
              tenant: dev.pancake.openfeature.fixture.ProviderApp#USER
            flags:
              NEW_CHECKOUT: {type: switch}
              ON_BY_DEFAULT: {type: switch, default: true}
              BETA: {type: flag}
              ROLLOUT: {type: sample, default: 0}
            """;
    private static final String NOT_ATTACHED = "the Pancake agent is not attached to this JVM: start it with"
            + " -javaagent:pancake-agent.jar (Pancake's OpenFeature provider answers from the agent's flags)";

    PancakeProviderIT(TestRedis redis) {
        super(redis);
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void booleanEvaluationsHaveTheValueVariantAndReasonOfWhatDecided(Path jdk) {
        try (App app = App.start(jdk, redis, true)) {
            app.init("init");
            assertEquals("= READY", app.send("state"));
            assertEquals("= value=false variant=off reason=DEFAULT error=null", app.send("bool NEW_CHECKOUT true"));
            assertEquals("= value=true variant=on reason=DEFAULT error=null", app.send("bool on_by_default false"),
                    "flag keys are case-insensitive, as Pancake's names are");

            redis.set("SWITCH:pancake:NEW_CHECKOUT", "1");
            app.await("= value=true variant=on reason=STATIC error=null", "bool NEW_CHECKOUT false");
            redis.set("SWITCH:pancake:ON_BY_DEFAULT", "0");
            app.await("= value=false variant=off reason=STATIC error=null", "bool ON_BY_DEFAULT true");

            // a Flag's overrides, written as flask-pancake writes them: the tracking set, then the key
            redis.command("SADD", "FLAG:pancake:t:user:BETA", "FLAG:pancake:k:user:BETA:42");
            redis.set("FLAG:pancake:k:user:BETA:42", "1");
            app.await("= value=true variant=on reason=TARGETING_MATCH error=null", "bool BETA false key=42");
            assertEquals("= value=true variant=on reason=TARGETING_MATCH error=null", app.send("bool BETA false n:user=42"),
                    "an attribute named like the group, an integer");
            assertEquals("= value=false variant=off reason=DEFAULT error=null", app.send("bool BETA false key=7"));
            redis.command("SADD", "FLAG:pancake:t:tenant:BETA", "FLAG:pancake:k:tenant:BETA:acme");
            redis.set("FLAG:pancake:k:tenant:BETA:acme", "1");
            app.await("= value=true variant=on reason=TARGETING_MATCH error=null", "bool BETA false key=7 tenant=acme");
            assertEquals("= ok", app.send("threaduser 42"));
            assertEquals("= value=false variant=off reason=DEFAULT error=null", app.send("bool BETA false"),
                    "an evaluation context's ids, never the thread's group accessors");
            redis.set("FLAG:pancake:BETA", "1");
            app.await("= value=true variant=on reason=STATIC error=null", "bool BETA false key=7");

            assertEquals("= value=false variant=off reason=SPLIT error=null", app.send("bool ROLLOUT true key=42"));
            redis.set("SAMPLE:pancake:ROLLOUT", "100");
            app.await("= value=true variant=on reason=SPLIT error=null", "bool ROLLOUT false key=42");
        }
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void undeclaredFlagsAreNotFoundAndOtherTypesMismatch(Path jdk) {
        try (App app = App.start(jdk, redis, true)) {
            app.init("init");
            assertEquals("= value=true variant=null reason=ERROR error=FLAG_NOT_FOUND message=flag NOPE is not declared"
                    + " in pancake.yml", app.send("bool NOPE true"));
            assertEquals("= value=fallback variant=null reason=ERROR error=TYPE_MISMATCH message=flag NEW_CHECKOUT is a"
                    + " switch, which is on or off: evaluate it as a boolean, not as a string", app.send("string NEW_CHECKOUT"));
            assertEquals("= value=7 variant=null reason=ERROR error=TYPE_MISMATCH message=flag BETA is a flag, which is on"
                    + " or off: evaluate it as a boolean, not as an integer", app.send("int BETA"));
            assertEquals("= value=1.5 variant=null reason=ERROR error=TYPE_MISMATCH message=flag ROLLOUT is a sample,"
                    + " which is on or off: evaluate it as a boolean, not as a double", app.send("double ROLLOUT"));
            assertEquals("= value=Value(innerObject=fallback) variant=null reason=ERROR error=TYPE_MISMATCH message=flag"
                    + " NEW_CHECKOUT is a switch, which is on or off: evaluate it as a boolean, not as an object",
                    app.send("object NEW_CHECKOUT"));
            assertEquals("= value=fallback variant=null reason=ERROR error=FLAG_NOT_FOUND message=flag NOPE is not"
                    + " declared in pancake.yml", app.send("string NOPE"));
        }
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void everyChangeAnotherRedisClientMakesEmitsConfigurationChangedWithTheFlagsName(Path jdk) {
        try (App app = App.start(jdk, redis, true)) {
            app.init("init");
            redis.set("SWITCH:pancake:NEW_CHECKOUT", "1");
            app.awaitStdout("event PROVIDER_CONFIGURATION_CHANGED [NEW_CHECKOUT]");
            assertEquals("= value=true variant=on reason=STATIC error=null", app.send("bool NEW_CHECKOUT false"),
                    "the event comes once the new value is in force");
            redis.set("FLAG:pancake:k:tenant:BETA:acme", "1"); // redis-cli, without the tracking set
            app.awaitStdout("event PROVIDER_CONFIGURATION_CHANGED [BETA]");
            redis.set("SAMPLE:pancake:ROLLOUT", "42.5");
            app.awaitStdout("event PROVIDER_CONFIGURATION_CHANGED [ROLLOUT]");
            redis.del("SWITCH:pancake:NEW_CHECKOUT");
            app.awaitStdout("event PROVIDER_CONFIGURATION_CHANGED [NEW_CHECKOUT]");
            assertEquals("= value=false variant=off reason=DEFAULT error=null", app.send("bool NEW_CHECKOUT true"));
        }
    }

    /**
     * A restarted Redis comes back empty: no client wrote, so no change feed reports anything, and
     * only the full read after the reconnection finds that the value is gone. That is a change too.
     * Tagged {@code fault}, as every test that kills a Redis server is.
     */
    @Tag("fault")
    @ParameterizedTest
    @MethodSource("jdks")
    void aChangeOnlyAFullReadFindsIsAnEventToo(Path jdk) {
        try (App app = App.start(jdk, redis, true)) {
            app.init("init");
            redis.set("SWITCH:pancake:NEW_CHECKOUT", "1");
            app.awaitStdout("event PROVIDER_CONFIGURATION_CHANGED [NEW_CHECKOUT]");
            app.await("= value=true variant=on reason=STATIC error=null", "bool NEW_CHECKOUT false");
            redis.restart();
            app.awaitStdout("event PROVIDER_CONFIGURATION_CHANGED [NEW_CHECKOUT]");
            assertEquals("= value=false variant=off reason=DEFAULT error=null", app.send("bool NEW_CHECKOUT false"));
        }
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void aProviderRegisteredFirstThingInMainHearsChangesOnceTheAgentHasStarted(Path jdk) {
        try (App app = App.start(jdk, redis, true, "early")) {
            assertEquals("early = ok", app.jvm.stdoutLines().get(0), "registered while the agent may still be starting");
            app.await("= value=false variant=off reason=DEFAULT error=null", "bool NEW_CHECKOUT false");
            redis.set("SWITCH:pancake:NEW_CHECKOUT", "1");
            app.awaitStdout("event PROVIDER_CONFIGURATION_CHANGED [NEW_CHECKOUT]");
            assertEquals("= value=true variant=on reason=STATIC error=null", app.send("bool NEW_CHECKOUT false"));
        }
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void theTargetingKeyMayBeAnIdOfAnotherGroup(Path jdk) {
        try (App app = App.start(jdk, redis, true)) {
            app.init("init tenant");
            redis.command("SADD", "FLAG:pancake:t:tenant:BETA", "FLAG:pancake:k:tenant:BETA:acme");
            redis.set("FLAG:pancake:k:tenant:BETA:acme", "1");
            app.await("= value=true variant=on reason=TARGETING_MATCH error=null", "bool BETA false key=acme");
        }
        try (App app = App.start(jdk, redis, true)) {
            app.init("init team");
            assertEquals("= value=false variant=null reason=ERROR error=INVALID_CONTEXT message=the targeting key is an id"
                    + " of group team (new PancakeProvider(\"team\")), which pancake.yml does not declare; its groups are"
                    + " [user, tenant]", app.send("bool BETA false key=acme"));
        }
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void withoutTheAgentRegistrationFailsSayingWhatToAddAndEvaluationsAnswerTheDefault(Path jdk) {
        try (App app = App.start(jdk, redis, false)) {
            assertEquals("! GENERAL: " + NOT_ATTACHED, app.send("init"));
            assertEquals("= ERROR", app.send("state"));
            assertEquals("= value=true variant=null reason=ERROR error=PROVIDER_NOT_READY message=" + NOT_ATTACHED,
                    app.send("bool NEW_CHECKOUT true key=42"));
            assertEquals("= value=fallback variant=null reason=ERROR error=PROVIDER_NOT_READY message=" + NOT_ATTACHED,
                    app.send("string NEW_CHECKOUT"));
        }
    }

    /** ProviderApp in a forked JVM, with pancake.yml (on this test's Redis) in its working directory. */
    private static final class App implements AutoCloseable {
        final ForkedJvm jvm;
        private final AtomicInteger seq = new AtomicInteger();

        private App(ForkedJvm jvm) {
            this.jvm = jvm;
        }

        static App start(Path jdk, TestRedis redis, boolean agent, String... args) {
            try {
                Path dir = Files.createTempDirectory("pancake-openfeature-it");
                Files.writeString(dir.resolve("pancake.yml"), "redis:\n  url: " + redis.url() + "\n" + YAML);
                ForkedJvm.Builder b = ForkedJvm.builder().javaHome(jdk).workDir(dir)
                        .mainClass("dev.pancake.openfeature.fixture.ProviderApp").args(args)
                        .classpath(applicationClasspath().toArray(new Path[0]));
                if (agent) {
                    b.agent(agentJar(), null);
                }
                App app = new App(b.start());
                app.jvm.awaitStdout("fixture ready", TIMEOUT);
                return app;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** The shaded agent jar that the agent module built (Failsafe passes its path). */
        static Path agentJar() {
            String path = System.getProperty("pancake.agent.jar");
            if (path == null || !Files.isRegularFile(Paths.get(path))) {
                throw new IllegalStateException("run this test with 'mvn verify' of the reactor (-pl openfeature -am):"
                        + " it needs agent/target/pancake-agent.jar, found at " + path);
            }
            return Paths.get(path);
        }

        /** This test's class path (the SDK, the provider, the fixture), less the agent jar: an application's. */
        static List<Path> applicationClasspath() {
            List<Path> cp = new ArrayList<>();
            for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
                if (!entry.contains("pancake-agent")) {
                    cp.add(Paths.get(entry));
                }
            }
            return cp;
        }

        String send(String command) {
            int n = seq.incrementAndGet();
            jvm.send(n + " " + command);
            String line = jvm.awaitStdout(Pattern.compile("^#" + n + " "), TIMEOUT);
            return line.substring(line.indexOf(' ') + 1);
        }

        /** Sends {@code command} until it answers {@code expected}, within the deadline. */
        void await(String expected, String command) {
            String[] last = {null};
            try {
                Await.until(command + " answers " + expected, TIMEOUT, () -> {
                    last[0] = send(command);
                    return last[0].equals(expected);
                });
            } catch (AssertionError e) {
                throw new AssertionError(e.getMessage() + "; it last answered " + last[0] + "\nstderr: " + jvm.stderrLines(), e);
            }
        }

        /**
         * Initializes the provider and waits until the agent has read the store: the first
         * evaluations of a JVM may come before that read (they answer PROVIDER_NOT_READY), and a
         * write before it is no change but the value the read finds.
         */
        void init(String command) {
            assertEquals("= ok", send(command));
            await("= value=false variant=off reason=DEFAULT error=null", "bool NEW_CHECKOUT false");
        }

        void awaitStdout(String line) {
            jvm.awaitStdout(line, TIMEOUT);
        }

        @Override
        public void close() {
            jvm.close();
        }
    }
}
