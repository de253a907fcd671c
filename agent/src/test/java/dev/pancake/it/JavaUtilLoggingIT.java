package dev.pancake.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.stream.Stream;

import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import dev.pancake.fixture.LoggingFixture;
import dev.pancake.testkit.ForkedJvm;
import dev.pancake.testkit.RedisExtension;
import dev.pancake.testkit.TestRedis;

/**
 * The agent leaves java.util.logging to the application, as WildFly needs: neither premain nor
 * the agent's JMX and admin page threads initialise the LogManager, so an application that sets
 * {@code java.util.logging.manager} from its main method still gets its own LogManager; and the
 * MBean joins the platform MBean server once the application creates it.
 */
@ExtendWith(RedisExtension.class)
class JavaUtilLoggingIT {

    static Stream<Path> jdks() {
        return ForkedJvm.jdks().stream();
    }

    private final TestRedis redis;

    JavaUtilLoggingIT(TestRedis redis) {
        this.redis = redis;
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void anApplicationStillInstallsItsOwnLogManagerAfterTheAgentStarted(Path jdk) {
        String yaml = AdminPageIT.config(redis, AdminPageIT.admin(AdminHttp.TOKEN));
        try (AgentApp app = AgentApp.on(jdk).config(yaml).start()) {
            // every part of the agent has run: the engine read Redis, a gated call went through
            // the bridge, the admin page served a request, and the JMX thread has been looking
            String url = AdminHttp.url(app);
            assertEquals(200, AdminHttp.get(url).statusCode());
            assertEquals("= null", app.call("Shop#checkout"));

            assertEquals("= String:" + LoggingFixture.FixtureLogManager.class.getName(),
                    app.send("install-log-manager"));
            assertEquals("= String:registered", app.send("create-platform-mbean-server"));
        }
    }
}
