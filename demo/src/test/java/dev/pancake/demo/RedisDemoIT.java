package dev.pancake.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import dev.pancake.testkit.ForkedJvm;
import dev.pancake.testkit.RedisExtension;
import dev.pancake.testkit.TestRedis;

/**
 * The demo with PANCAKE_REDIS_URL set: flags live in a real Redis under flask-pancake's keys, and a change written by
 * any other client (here the test, as redis-cli would) reaches the running demo.
 */
@ExtendWith(RedisExtension.class)
class RedisDemoIT {

    private static final String OVERRIDE_42 = "FLAG:pancake:k:user:BETA_SEARCH:42";
    private static final String OVERRIDES = "FLAG:pancake:t:user:BETA_SEARCH";

    static Stream<Path> jdks() {
        return ForkedJvm.jdks().stream();
    }

    private final TestRedis redis;

    RedisDemoIT(TestRedis redis) {
        this.redis = redis;
    }

    @BeforeEach
    void emptyRedis() {
        redis.flushAll();
    }

    private RunningDemo start(Path jdk) {
        return RunningDemo.start(jdk, redis.url());
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void checkoutFollowsItsSwitchKeyWrittenByAnotherClient(Path jdk) {
        try (RunningDemo demo = start(jdk)) {
            demo.assertPage("/checkout", "Legacy checkout");
            redis.set("SWITCH:pancake:NEW_CHECKOUT", "1");
            demo.awaitPage("/checkout", "New checkout");
            redis.set("SWITCH:pancake:NEW_CHECKOUT", "0");
            demo.awaitPage("/checkout", "Legacy checkout");
            redis.set("SWITCH:pancake:NEW_CHECKOUT", "1");
            demo.awaitPage("/checkout", "New checkout");
            redis.del("SWITCH:pancake:NEW_CHECKOUT");
            demo.awaitPage("/checkout", "Legacy checkout"); // the default from pancake.yml
        }
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void betaSearchFollowsAPerUserOverrideWrittenAsFlaskPancakeWritesIt(Path jdk) {
        try (RunningDemo demo = start(jdk)) {
            demo.assertPage("/search?user=42", "Classic search");
            redis.command("SADD", OVERRIDES, OVERRIDE_42);
            redis.set(OVERRIDE_42, "1");
            demo.awaitPage("/search?user=42", "Beta search");
            demo.assertPage("/search?user=7", "Classic search");

            redis.set("FLAG:pancake:BETA_SEARCH", "1");
            demo.awaitPage("/search?user=7", "Beta search");
            redis.set(OVERRIDE_42, "0");
            demo.awaitPage("/search?user=42", "Classic search");
        }
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void recommendationsFollowTheSampleKey(Path jdk) {
        try (RunningDemo demo = start(jdk)) {
            redis.set("SAMPLE:pancake:RECOMMENDATIONS", "100");
            for (int user = 1; user <= 10; user++) {
                demo.awaitPage("/recommendations?user=" + user, "Recommended for you");
            }
            redis.set("SAMPLE:pancake:RECOMMENDATIONS", "0");
            for (int user = 1; user <= 10; user++) {
                demo.awaitPage("/recommendations?user=" + user, "No recommendations");
            }
        }
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void changesThroughTheDemoLandInFlaskPancakeKeys(Path jdk) {
        try (RunningDemo demo = start(jdk)) {
            demo.post("/flags/switches/BANNER/disable");
            assertEquals("0", redis.get("SWITCH:pancake:BANNER"));
            demo.post("/flags/flags/BETA_SEARCH/enable-user?user=42");
            assertEquals("1", redis.get(OVERRIDE_42));
            assertEquals(Set.of(OVERRIDE_42), redis.smembers(OVERRIDES));
            demo.post("/flags/samples/RECOMMENDATIONS/set?percent=42.5");
            assertEquals(42.5, Double.parseDouble(redis.get("SAMPLE:pancake:RECOMMENDATIONS")));
            demo.post("/flags/switches/BANNER/clear");
            assertNull(redis.get("SWITCH:pancake:BANNER"));
        }
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void printsOnlyItsListeningLineAndNothingToStderr(Path jdk) {
        try (RunningDemo demo = start(jdk)) {
            redis.set("SWITCH:pancake:NEW_CHECKOUT", "1");
            demo.awaitPage("/checkout", "New checkout");
            demo.post("/flags/switches/GIFT_CARDS/enable");
            for (String path : List.of("/", "/banner", "/search?user=42", "/recommendations?user=42", "/gift-cards")) {
                demo.page(path);
            }
            assertEquals(1, demo.stdout().size(), "stdout: " + demo.stdout());
            assertEquals(List.of(), demo.stderr());
        }
    }
}
