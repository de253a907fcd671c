package dev.pancake.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import dev.pancake.demo.RunningDemo.Reply;
import dev.pancake.testkit.ForkedJvm;

/**
 * The demo without Redis (PANCAKE_REDIS_URL unset, so pancake.yml's url is empty): flags live in the in-memory store
 * and the demo's own POST /flags/... pages flip them through the programmatic API. What each gated method of the
 * Shop does with its flag on and off is ShopTest's (pancake-junit); this test covers the running application: its
 * pages, their status codes and what it prints.
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
