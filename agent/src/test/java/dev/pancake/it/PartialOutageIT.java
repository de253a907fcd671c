package dev.pancake.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import dev.pancake.testkit.RedisMonitor;
import dev.pancake.testkit.TestRedis;

/**
 * A read of changed keys that fails loses nothing: the change feed has already delivered those
 * keys, so only a full read ends the outage, however many other changes are read meanwhile.
 * Redis refuses the agent's reads of one key (its ACL user loses the right to it) while another
 * key it may still read changes.
 */
@Tag("fault")
class PartialOutageIT extends RedisAgentTests {

    private static final String CHECKOUT = "SWITCH:pancake:NEW_CHECKOUT";
    private static final String STRICT = "SWITCH:pancake:STRICT";

    PartialOutageIT(TestRedis redis) {
        super(redis);
    }

    @AfterEach
    void defaultUserOnly() {
        redis.command("ACL", "DELUSER", "pancake");
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void aChangeWhoseReadFailedIsReadOnceTheStoreAnswersAgain(Path jdk) {
        redis.command(AclIT.MINIMAL_ACL);
        redis.set(CHECKOUT, "1");
        String yaml = "redis:\n  url: redis://pancake:Acl-pw-4f2e9@" + redis.host() + ":" + redis.port() + "/0\n"
                + "  timeout-ms: 2000\n" + TlsIT.SHOP_FLAGS;
        try (AgentApp app = AgentApp.on(jdk).config(yaml).start(); RedisMonitor monitor = RedisMonitor.start(redis)) {
            app.awaitCall("= String:new checkout", "Shop#checkout");

            // the agent may no longer read NEW_CHECKOUT's key: the read of its change fails
            redis.command("ACL", "SETUSER", "pancake", "resetkeys", "~FLAG:pancake:*", "~SAMPLE:pancake:*",
                    "~" + STRICT);
            redis.set(CHECKOUT, "0");
            awaitStderr(app, OutageIT.DOWN, 1);

            // another change, of a key it may read, is read (alone, or as part of a full read)
            monitor.mark();
            redis.set(STRICT, "1");
            awaitAgentReads(monitor, STRICT);

            // the right comes back: nothing changes NEW_CHECKOUT again, and still its change is seen
            redis.command(AclIT.MINIMAL_ACL);
            app.awaitCall("= null", "Shop#checkout");
            app.awaitCall("= String:strict ran", "Shop#strict");
            awaitStderr(app, OutageIT.BACK, 1);
            assertEquals(1, stderr(app, OutageIT.DOWN).size(), app.stderr().toString());
        }
    }

    /** Waits until the monitor shows the agent's client reading {@code key}. */
    private static void awaitAgentReads(RedisMonitor monitor, String key) {
        long deadline = System.nanoTime() + AgentApp.TIMEOUT.toNanos();
        while (true) {
            List<RedisMonitor.Command> sent = monitor.mark();
            if (sent.stream().anyMatch(c -> c.name().equals("GETRANGE") && c.args().get(1).equals(key))) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the agent did not read " + key + " within " + AgentApp.TIMEOUT);
            }
        }
    }
}
