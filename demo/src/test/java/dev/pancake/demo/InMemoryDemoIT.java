package dev.pancake.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import dev.pancake.demo.RunningDemo.Reply;
import dev.pancake.testkit.ForkedJvm;

/**
 * The demo without Redis (PANCAKE_REDIS_URL unset, so pancake.yml's url is empty): flags live in the in-memory store
 * and the demo's own POST /flags/... pages flip them through the programmatic API.
 */
class InMemoryDemoIT {

    static Stream<Path> jdks() {
        return ForkedJvm.jdks().stream();
    }

    private static RunningDemo start(Path jdk) {
        return RunningDemo.start(jdk, null);
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void checkoutFollowsItsSwitchAndCallsTheLegacyCheckoutWhileOff(Path jdk) {
        try (RunningDemo demo = start(jdk)) {
            demo.assertPage("/checkout", "Legacy checkout");
            assertEquals(new Reply(200, "Switch NEW_CHECKOUT is now on."),
                    demo.post("/flags/switches/NEW_CHECKOUT/enable"));
            demo.assertPage("/checkout", "New checkout");
            assertEquals(new Reply(200, "Switch NEW_CHECKOUT is now off."),
                    demo.post("/flags/switches/new_checkout/disable"));
            demo.assertPage("/checkout", "Legacy checkout");
            demo.post("/flags/switches/NEW_CHECKOUT/enable");
            assertEquals(new Reply(200, "Switch NEW_CHECKOUT is now off."), // its default
                    demo.post("/flags/switches/NEW_CHECKOUT/clear"));
            demo.assertPage("/checkout", "Legacy checkout");
        }
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void bannerIsOnByDefaultAndEmptyWhileOff(Path jdk) {
        try (RunningDemo demo = start(jdk)) {
            demo.assertPage("/banner", "Pancake Tuesday");
            demo.post("/flags/switches/BANNER/disable");
            assertEquals(new Reply(200, ""), demo.get("/banner"));
            assertEquals(new Reply(200, "Switch BANNER is now on."), demo.post("/flags/switches/BANNER/clear"));
            demo.assertPage("/banner", "Pancake Tuesday");
        }
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void betaSearchFollowsPerUserOverridesOfItsFlag(Path jdk) {
        try (RunningDemo demo = start(jdk)) {
            demo.assertPage("/search?user=42&q=syrup", "Classic search for \"syrup\"");
            assertEquals(new Reply(200, "Flag BETA_SEARCH is now on for user 42."),
                    demo.post("/flags/flags/BETA_SEARCH/enable-user?user=42"));
            demo.assertPage("/search?user=42&q=syrup", "Beta search for \"syrup\"");
            demo.assertPage("/search?user=7&q=syrup", "Classic search");
            demo.assertPage("/search?q=syrup", "Classic search"); // no user: the global state

            assertEquals(new Reply(200, "Flag BETA_SEARCH is now on globally."),
                    demo.post("/flags/flags/BETA_SEARCH/enable"));
            demo.post("/flags/flags/BETA_SEARCH/disable-user?user=42");
            demo.assertPage("/search?user=7", "Beta search");
            demo.assertPage("/search?user=42", "Classic search"); // the override beats the global state

            demo.post("/flags/flags/BETA_SEARCH/clear-user?user=42");
            demo.assertPage("/search?user=42", "Beta search");
        }
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void recommendationsFollowTheSamplePercentageAndStickToEachUser(Path jdk) {
        try (RunningDemo demo = start(jdk)) {
            assertEquals(new Reply(200, "Sample RECOMMENDATIONS is now at 0 %."),
                    demo.post("/flags/samples/RECOMMENDATIONS/set?percent=0"));
            assertEquals(List.of(), usersWithRecommendations(demo));
            demo.post("/flags/samples/RECOMMENDATIONS/set?percent=100");
            assertEquals(40, usersWithRecommendations(demo).size());

            demo.post("/flags/samples/RECOMMENDATIONS/set?percent=30");
            List<Integer> at30 = usersWithRecommendations(demo);
            assertEquals(at30, usersWithRecommendations(demo), "sticky: every user keeps their answer");
            demo.post("/flags/samples/RECOMMENDATIONS/set?percent=60");
            List<Integer> at60 = usersWithRecommendations(demo);
            assertTrue(at60.containsAll(at30) && at60.size() > at30.size() && at60.size() < 40,
                    "raising the percentage only adds users: " + at30 + " then " + at60);
        }
    }

    /** Of the users 1 to 40, those that GET /recommendations recommends something to. */
    private static List<Integer> usersWithRecommendations(RunningDemo demo) {
        List<Integer> users = new ArrayList<>();
        for (int user = 1; user <= 40; user++) {
            String page = demo.page("/recommendations?user=" + user);
            if (page.startsWith("Recommended for you: ")) {
                users.add(user);
            } else {
                assertEquals("No recommendations for you today.", page);
            }
        }
        return users;
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void giftCardsAreNotFoundUntilTheirSwitchIsOn(Path jdk) {
        try (RunningDemo demo = start(jdk)) {
            assertEquals(new Reply(404, "Not found: feature GIFT_CARDS is disabled."), demo.get("/gift-cards"));
            demo.post("/flags/switches/GIFT_CARDS/enable");
            demo.assertPage("/gift-cards", "Gift cards:");
        }
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void badRequestsGetOneClearLine(Path jdk) {
        try (RunningDemo demo = start(jdk)) {
            Reply undeclared = demo.post("/flags/switches/WAFFLES/enable");
            assertEquals(400, undeclared.status());
            assertTrue(undeclared.body().contains("WAFFLES") && undeclared.body().contains("pancake.yml"), undeclared.body());
            assertEquals(new Reply(400, "percent must be a number from 0 to 100, got \"lots\""),
                    demo.post("/flags/samples/RECOMMENDATIONS/set?percent=lots"));
            assertEquals(new Reply(400, "a switch cannot \"toggle\"; it can enable, disable or clear"),
                    demo.post("/flags/switches/BANNER/toggle"));
            assertEquals(new Reply(400, "this change needs the query parameter ?user=..."),
                    demo.post("/flags/flags/BETA_SEARCH/enable-user"));
            assertEquals(new Reply(405, "/flags/switches/BANNER/enable answers POST requests only."),
                    demo.get("/flags/switches/BANNER/enable"));
            assertEquals(new Reply(404, "No page /waffles here; GET / lists the pages."), demo.get("/waffles"));
            for (Reply reply : List.of(undeclared, demo.post("/flags/samples/RECOMMENDATIONS/set?percent=101"))) {
                assertTrue(!reply.body().contains("\n") && !reply.body().contains("Exception"), reply.body());
            }
        }
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void printsOnlyItsListeningLineAndNothingToStderr(Path jdk) {
        try (RunningDemo demo = start(jdk)) {
            String index = demo.page("/");
            assertTrue(index.contains("\nWith PANCAKE_REDIS_URL set, any Redis client flips them too: redis-cli SET"
                    + " SWITCH:pancake:NEW_CHECKOUT 1"), index);
            assertTrue(index.contains("curl -X POST " + demo.url() + "/flags/switches/NEW_CHECKOUT/enable; curl "
                    + demo.url() + "/checkout"), index);
            for (String path : List.of("/checkout", "/banner", "/search?q=waffles&user=42", "/recommendations?user=42",
                    "/gift-cards", "/flags/switches/NEW_CHECKOUT/enable", "/flags/flags/BETA_SEARCH/enable-user?user=42",
                    "/flags/samples/RECOMMENDATIONS/set?percent=75")) {
                assertTrue(index.contains(path), "GET / lists " + path + ":\n" + index);
                if (path.startsWith("/flags/")) {
                    assertEquals(200, demo.post(path).status(), path);
                } else {
                    demo.get(path);
                }
            }
            assertEquals(1, demo.stdout().size(), "stdout: " + demo.stdout());
            assertEquals(List.of(), demo.stderr());
        }
    }
}
