package dev.pancake.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import dev.pancake.testkit.TestRedis;

/** Samples: per-call draws, 0 % never, 100 % always, and sticky samples, under the real agent. */
class SampleIT extends RedisAgentTests {

    SampleIT(TestRedis redis) {
        super(redis);
    }

    private static int count(AgentApp app, int calls, String method) {
        String answer = app.send("count " + calls + " dev.pancake.fixture." + method);
        assertTrue(answer.startsWith("= Integer:"), answer);
        return Integer.parseInt(answer.substring("= Integer:".length()));
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void zeroIsNeverOneHundredAlwaysAndEveryCallDrawsAnew(Path jdk) {
        try (AgentApp app = start(jdk, "flags:\n  ROLLOUT: {type: sample, default: 0}\n  NEW_CHECKOUT: {}\n")) {
            assertEquals(0, count(app, 5_000, "Beta#rollout"));
            app.send("api sample ROLLOUT set 100");
            assertEquals("100.0", redis.get("SAMPLE:pancake:ROLLOUT"));
            assertEquals(5_000, count(app, 5_000, "Beta#rollout"));
            app.send("api sample ROLLOUT set 50");
            int active = count(app, 4_000, "Beta#rollout");
            assertTrue(active > 1_700 && active < 2_300, active + " of 4000 calls at 50 %");
            redis.set("SAMPLE:pancake:ROLLOUT", "10");
            // a switch written after the sample: once the app sees it, it has seen the sample too
            redis.set("SWITCH:pancake:NEW_CHECKOUT", "1");
            app.awaitCall("= String:new checkout", "Shop#checkout");
            active = count(app, 4_000, "Beta#rollout");
            assertTrue(active > 250 && active < 550, active + " of 4000 calls at 10 % (written by another client)");
            redis.del("SAMPLE:pancake:ROLLOUT");
            redis.set("SWITCH:pancake:NEW_CHECKOUT", "0");
            app.awaitCall("= null", "Shop#checkout");
            assertEquals(0, count(app, 2_000, "Beta#rollout"), "the default again");
        }
    }

    private static String sticky(AgentApp app, int users) {
        String answer = app.send("sticky " + users + " dev.pancake.fixture.Beta#sticky");
        assertTrue(answer.startsWith("= String:"), answer);
        return answer.substring("= String:".length());
    }

    private static int ones(String answers) {
        return (int) answers.chars().filter(c -> c == '1').count();
    }

    private static void assertOnlyAdds(String before, String after, String what) {
        for (int i = 0; i < before.length(); i++) {
            assertTrue(before.charAt(i) == '0' || after.charAt(i) == '1', "user " + i + " left the sample " + what);
        }
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void aStickySampleGivesEachUserOneAnswerAndRaisingItOnlyAddsUsers(Path jdk) {
        String yaml = """
                groups:
                  user: dev.pancake.fixture.RequestContext#CURRENT_USER.id
                flags:
                  STICKY: {type: sample, default: 10, sticky: user}
                """;
        try (AgentApp app = start(jdk, yaml)) {
            String at10 = sticky(app, 2_000);
            assertEquals(at10, sticky(app, 2_000), "each user keeps its answer");
            assertTrue(ones(at10) > 140 && ones(at10) < 260, ones(at10) + " of 2000 users at 10 %");
            app.send("api sample STICKY set 30");
            String at30 = sticky(app, 2_000);
            assertOnlyAdds(at10, at30, "when it grew to 30 %");
            assertTrue(ones(at30) > 500 && ones(at30) < 700, ones(at30) + " of 2000 users at 30 %");
            app.send("api sample STICKY set 75.5");
            String at75 = sticky(app, 2_000);
            assertOnlyAdds(at30, at75, "when it grew to 75.5 %");
            assertTrue(ones(at75) > 1_410 && ones(at75) < 1_610, ones(at75) + " of 2000 users at 75.5 %");
            app.send("api sample STICKY set 30");
            assertEquals(at30, sticky(app, 2_000), "back at 30 %: the same users");
            app.send("user -");
            int active = count(app, 4_000, "Beta#sticky");
            assertTrue(active > 1_000 && active < 1_400, "without a user every call draws: " + active + " of 4000 at 30 %");
        }
    }
}
