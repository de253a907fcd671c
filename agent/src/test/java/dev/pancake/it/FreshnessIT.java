package dev.pancake.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import dev.pancake.testkit.ForkedJvm;
import dev.pancake.testkit.TestRedis;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;

/**
 * Invalidation correctness: a change made by another Redis client is never lost, however fast the changes come, and
 * the agent reads everything again after a Redis restart (which comes back empty) and after FLUSHALL. On every JDK of
 * {@link ForkedJvm#jdks()}, against the installed redis-server and against the Redis 6.2 that embedded-redis ships.
 */
class FreshnessIT {

    private static final String CONFIG = """
            groups:
              user: dev.pancake.fixture.RequestContext#CURRENT_USER.id
            flags:
              NEW_CHECKOUT: {type: switch, default: false}
              RECOMMENDATIONS: {type: switch, default: false}
              BETA: {type: flag, default: false}
              PERCENT: {type: sample, default: 0}
            """;
    private static final String CHECKOUT = "SWITCH:pancake:NEW_CHECKOUT";
    private static final String RECOMMENDATIONS = "SWITCH:pancake:RECOMMENDATIONS";
    private static final String BETA = "FLAG:pancake:BETA";
    private static final String BETA_USER_42 = "FLAG:pancake:k:user:BETA:42";
    private static final String BETA_USERS = "FLAG:pancake:t:user:BETA";
    private static final String PERCENT = "SAMPLE:pancake:PERCENT";

    private static final String ON = "= String:new checkout";
    private static final String OFF = "= null";
    private static final String RECOMMENDED = "= List12:[pancakes, syrup]";
    private static final String NOT_RECOMMENDED = "= ListN:[]";
    private static final String TRUE = "= Boolean:true";
    private static final String FALSE = "= Boolean:false";

    static Stream<Arguments> servers() {
        List<Arguments> all = new ArrayList<>();
        for (Path jdk : ForkedJvm.jdks()) {
            all.add(Arguments.of(jdk, "installed"));
            all.add(Arguments.of(jdk, "embedded 6.2"));
        }
        return all.stream();
    }

    private static TestRedis start(String server) {
        return server.equals("installed") ? TestRedis.start() : TestRedis.startEmbedded();
    }

    private static AgentApp app(Path jdk, TestRedis redis) {
        return AgentApp.on(jdk).config("redis:\n  url: " + redis.url() + "\n" + CONFIG).start();
    }

    @ParameterizedTest(name = "{1} on {0}")
    @MethodSource("servers")
    void rapidChangesByAnotherClientAllEndInTheirLastState(Path jdk, String server) {
        try (TestRedis redis = start(server); AgentApp app = app(jdk, redis); Jedis other = jedis(redis)) {
            // seen once, so that the final default below is a change, not the state it started in
            redis.set(RECOMMENDATIONS, "1");
            app.awaitCall(RECOMMENDED, "Shop#recommendations");

            Pipeline burst = other.pipelined();
            for (int i = 0; i < 301; i++) {
                String bit = i % 2 == 0 ? "1" : "0";
                burst.set(CHECKOUT, bit);                    // ends with "1"
                burst.set(RECOMMENDATIONS, bit);             // ends deleted
                burst.set(BETA, bit.equals("1") ? "0" : "1"); // ends with "0"
                burst.set(BETA_USER_42, bit);                // ends with "1"
                burst.sadd(BETA_USERS, BETA_USER_42);
                burst.set(PERCENT, i % 3 == 0 ? "100" : "0"); // ends with "100"
            }
            burst.del(RECOMMENDATIONS);
            burst.sync();

            app.awaitCall(ON, "Shop#checkout");
            app.awaitCall(NOT_RECOMMENDED, "Shop#recommendations");
            assertEquals("= String:ok", app.send("user 42"));
            app.awaitAnswer(TRUE, "api flag BETA isActive");
            app.awaitAnswer(TRUE, "api sample PERCENT isActive");
            assertEquals("= String:ok", app.send("user 7"));
            app.awaitAnswer(FALSE, "api flag BETA isActive");
            for (int i = 0; i < 5; i++) { // and no late, stale update undoes any of it
                assertEquals(ON, app.call("Shop#checkout"));
                assertEquals(NOT_RECOMMENDED, app.call("Shop#recommendations"));
                assertEquals(FALSE, app.send("api flag BETA isActive"));
                assertEquals(TRUE, app.send("api sample PERCENT isActive"));
            }
        }
    }

    @ParameterizedTest(name = "{1} on {0}")
    @MethodSource("servers")
    void afterARedisRestartValuesWrittenSinceAreSeenAndVanishedOnesFallBackToDefaults(Path jdk, String server) {
        try (TestRedis redis = start(server); AgentApp app = app(jdk, redis)) {
            redis.set(CHECKOUT, "1");
            redis.set(BETA_USER_42, "1");
            redis.command("SADD", BETA_USERS, BETA_USER_42);
            redis.set(PERCENT, "100");
            assertEquals("= String:ok", app.send("user 42"));
            app.awaitCall(ON, "Shop#checkout");
            app.awaitAnswer(TRUE, "api flag BETA isActive");
            app.awaitAnswer(TRUE, "api sample PERCENT isActive");

            redis.stop();
            assertEquals(ON, app.call("Shop#checkout"), "while Redis is down, the last known value stays in force");
            redis.restart(); // empty
            redis.set(RECOMMENDATIONS, "1"); // written at once, likely before the agent has reconnected

            app.awaitCall(RECOMMENDED, "Shop#recommendations");
            app.awaitCall(OFF, "Shop#checkout");
            app.awaitAnswer(FALSE, "api flag BETA isActive");
            app.awaitAnswer(FALSE, "api sample PERCENT isActive");

            redis.set(CHECKOUT, "1"); // and the feed follows changes again
            app.awaitCall(ON, "Shop#checkout");
        }
    }

    @ParameterizedTest(name = "{1} on {0}")
    @MethodSource("servers")
    void anOverrideWrittenWithoutItsTrackingSetSurvivesALostChangeFeed(Path jdk, String server) {
        try (TestRedis redis = start(server); AgentApp app = app(jdk, redis)) {
            assertEquals("= String:ok", app.send("user 42"));
            app.awaitCall(OFF, "Shop#checkout");
            redis.set(BETA_USER_42, "1"); // as `redis-cli SET` does: no SADD to FLAG:pancake:t:user:BETA
            app.awaitAnswer(TRUE, "api flag BETA isActive");

            redis.command("CLIENT", "KILL", "TYPE", "pubsub"); // the feed reconnects and the agent reads everything again
            redis.set(CHECKOUT, "1");
            app.awaitCall(ON, "Shop#checkout");
            long until = System.nanoTime() + 2_000_000_000L; // longer than a blind poll's period
            while (System.nanoTime() < until) {
                assertEquals(TRUE, app.send("api flag BETA isActive"), "the override must survive the resync");
            }
            redis.del(BETA_USER_42);
            app.awaitAnswer(FALSE, "api flag BETA isActive");
        }
    }

    @ParameterizedTest(name = "{1} on {0}")
    @MethodSource("servers")
    void flushAllMakesEveryFlagFallBackToItsDefault(Path jdk, String server) {
        try (TestRedis redis = start(server); AgentApp app = app(jdk, redis)) {
            redis.set(CHECKOUT, "1");
            redis.set(BETA, "1");
            redis.set(PERCENT, "100");
            app.awaitCall(ON, "Shop#checkout");
            app.awaitAnswer(TRUE, "api flag BETA isActive");
            app.awaitAnswer(TRUE, "api sample PERCENT isActive");

            redis.flushAll();

            app.awaitCall(OFF, "Shop#checkout");
            app.awaitAnswer(FALSE, "api flag BETA isActive");
            app.awaitAnswer(FALSE, "api sample PERCENT isActive");
            redis.set(CHECKOUT, "1");
            app.awaitCall(ON, "Shop#checkout");
        }
    }

    private static Jedis jedis(TestRedis redis) {
        return new Jedis(redis.host(), redis.port());
    }
}
