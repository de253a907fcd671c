package dev.pancake.agent.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.pancake.agent.config.RedisSettings;
import dev.pancake.testkit.Await;
import dev.pancake.testkit.RedisExtension;
import dev.pancake.testkit.TestRedis;
import redis.clients.jedis.HostAndPort;

/**
 * A change feed against a real redis-server: what Redis pushes, and what the feed makes of a
 * flush, a lost connection and its own close. The listener records each call as one event.
 */
@ExtendWith(RedisExtension.class)
class ChangeFeedTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(20);
    private static final String RESYNC = "resync";

    private final TestRedis redis;
    private final BlockingQueue<String> events = new LinkedBlockingQueue<>();
    private ChangeFeed feed;

    ChangeFeedTest(TestRedis redis) {
        this.redis = redis;
    }

    @BeforeEach
    void startFeed() {
        redis.flushAll();
        RedisSettings settings = new RedisSettings(redis.url(), null, null, 1_000, null, null, false, null);
        feed = new ChangeFeed(new HostAndPort(redis.host(), redis.port()), Topology.of(settings).feedConfig,
                List.of("SWITCH:pancake:", "FLAG:pancake:"), new ChangeListener() {
                    @Override
                    public void changed(Collection<String> keys) {
                        keys.forEach(k -> events.add("changed " + k));
                    }

                    @Override
                    public void resync() {
                        events.add(RESYNC);
                    }
                });
        feed.start();
        assertEquals(RESYNC, next(), "a connect ends with a resync");
    }

    @AfterEach
    void closeFeed() {
        feed.close();
        await("the feed's connection is closed", () -> !feedClientListed());
    }

    private String next() {
        try {
            String event = events.poll(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            assertNotNull(event, "no event within " + TIMEOUT);
            return event;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private boolean feedClientListed() {
        return redis.command("CLIENT", "LIST").contains("name=pancake-feed");
    }

    private static void await(String what, BooleanSupplier condition) {
        Await.until(what, TIMEOUT, condition);
    }

    @Test
    void aConnectedFeedSaysSo() {
        assertTrue(feed.connected());
    }

    @Test
    void aWriteUnderAPrefixPushesItsKey() {
        redis.set("SWITCH:pancake:NEW_CHECKOUT", "1");
        assertEquals("changed SWITCH:pancake:NEW_CHECKOUT", next());
    }

    @Test
    void aDeletePushesItsKeyToo() {
        redis.set("FLAG:pancake:BETA", "1");
        assertEquals("changed FLAG:pancake:BETA", next());
        redis.del("FLAG:pancake:BETA");
        assertEquals("changed FLAG:pancake:BETA", next());
    }

    @Test
    void aWriteOutsideThePrefixesIsNotPushed() {
        redis.set("SAMPLE:pancake:NOT_WATCHED", "50");
        redis.set("other:key", "x");
        redis.set("SWITCH:pancake:WATCHED", "1"); // written last: Redis pushes in order, so nothing came before it
        assertEquals("changed SWITCH:pancake:WATCHED", next());
    }

    @Test
    void flushAllMeansResync() {
        redis.flushAll();
        assertEquals(RESYNC, next());
    }

    @Test
    void aKilledConnectionReconnectsAndResyncs() {
        redis.command("CLIENT", "KILL", "TYPE", "pubsub");
        assertEquals(RESYNC, next(), "reconnected: changes may have been missed");
        assertTrue(feed.connected());
        redis.set("SWITCH:pancake:AFTER", "1");
        assertEquals("changed SWITCH:pancake:AFTER", next(), "and it follows changes again");
    }

    @Test
    void closeStopsTheFeedsThreadAndItsConnection() {
        String name = "pancake-feed-" + new HostAndPort(redis.host(), redis.port());
        assertTrue(threadNamed(name), "the feed runs a thread of its own");
        feed.close();
        await("the feed's thread has ended", () -> !threadNamed(name));
        await("the feed's connection is closed", () -> !feedClientListed());
        assertFalse(feed.connected());
        redis.set("SWITCH:pancake:AFTER_CLOSE", "1");
        redis.flushAll();
        assertEquals(List.of(), List.copyOf(events), "a closed feed reports nothing");
    }

    private static boolean threadNamed(String name) {
        return Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.getName().equals(name) && t.isAlive());
    }
}
