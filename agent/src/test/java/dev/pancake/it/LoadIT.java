package dev.pancake.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.StringJoiner;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import dev.pancake.testkit.ForkedJvm;
import dev.pancake.testkit.TestRedis;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;

/**
 * Under load: sixteen application threads call gated Switch, Flag and Sample methods while
 * another Redis client flips those flags thousands of times. No call throws, and once the
 * flipping stops every thread sees every flag's final state: no change is lost, however they
 * interleave. Millions of users the agent has never seen leave no trace in the heap: a Flag's
 * overrides hold what is in Redis, not the ids that were asked about.
 *
 * <p>Runs on the newest JDK of {@link ForkedJvm#jdks()} (Java 25 in {@code .ci/run}); OutageIT
 * and TopologyIT run on the oldest.
 */
@Tag("slow")
class LoadIT extends RedisAgentTests {

    /**
     * A Redis read may take longer than the default timeout-ms (100 ms) while this test and the
     * rest of the machine keep every core busy; an outage is not what these tests are about.
     */
    private String patientRedis() {
        return redisSection() + "  timeout-ms: 5000\n";
    }

    private static final String YAML = """
            groups:
              user: dev.pancake.fixture.RequestContext#CURRENT_USER.id
            flags:
              LOAD_SWITCH: {type: switch, default: false}
              LOAD_FLAG: {type: flag, default: false}
              LOAD_SAMPLE: {type: sample, default: 0, sticky: user}
            """;
    private static final String SWITCH = "SWITCH:pancake:LOAD_SWITCH";
    private static final String FLAG = "FLAG:pancake:LOAD_FLAG";
    private static final String SAMPLE = "SAMPLE:pancake:LOAD_SAMPLE";
    private static final String USERS = "FLAG:pancake:t:user:LOAD_FLAG";
    private static final int THREADS = 16;
    private static final int ROUNDS = 3_000;

    LoadIT(TestRedis redis) {
        super(redis);
    }

    static Path jdk() {
        List<Path> all = ForkedJvm.jdks();
        return all.get(all.size() - 1);
    }

    @Test
    void sixteenThreadsCallingWhileFlagsFlipThousandsOfTimesAllEndInTheFinalState() throws InterruptedException {
        try (AgentApp app = AgentApp.on(jdk()).config(patientRedis() + YAML).start(); Jedis other = new Jedis(redis.host(), redis.port())) {
            assertEquals("= String:started " + THREADS, app.send("stress start " + THREADS));
            for (int round = 0; round < ROUNDS; round++) { // 18,000 writes, 100 rounds per round trip
                Pipeline p = other.pipelined();
                String bit = round % 2 == 0 ? "1" : "0";
                p.set(SWITCH, bit);
                p.set(FLAG, bit);
                p.set(SAMPLE, Integer.toString(round % 101));
                for (int user : new int[] {3, 4}) {
                    String key = override(user);
                    p.sadd(USERS, key);
                    p.set(key, user == 3 ? bit : flip(bit));
                }
                if (round % 100 == 99) {
                    p.sync();
                    Thread.sleep(5); // paces the writes (shapes the load), waits for nothing
                }
            }
            // the final state: switch on, flag on for everybody but user-4, user-3's override gone, sample 100 %
            Pipeline p = other.pipelined();
            p.set(SWITCH, "1");
            p.set(FLAG, "1");
            p.set(SAMPLE, "100");
            p.set(override(4), "0");
            p.del(override(3));
            p.srem(USERS, override(3));
            p.sync();

            app.send("user user-4");
            app.awaitCall("= Boolean:false", "Load#flagged");
            app.send("user user-3");
            app.awaitCall("= Boolean:true", "Load#flagged");
            app.awaitCall("= Boolean:true", "Load#switched");
            app.awaitCall("= Boolean:true", "Load#sampled");
            // every stress thread calls again after the main thread saw the final state
            assertEquals("= String:lapped", app.send("stress lap"));

            String report = app.send("stress stop");
            Matcher m = Pattern.compile("= String:calls=(\\d+) errors=(\\d+) last=(\\S*)(.*)").matcher(report);
            assertTrue(m.matches(), report);
            assertEquals("0", m.group(2), "no gated call threw: " + report);
            long calls = Long.parseLong(m.group(1));
            assertTrue(calls > THREADS * 1_000L, "the threads kept calling: " + report);
            StringJoiner expected = new StringJoiner(",");
            List.of(0, 1, 10, 11, 12, 13, 14, 15, 2, 3, 4, 5, 6, 7, 8, 9) // sorted as strings, as the fixture reports
                    .forEach(i -> expected.add("user-" + i + ":" + (i == 4 ? "101" : "111")));
            assertEquals(expected.toString(), m.group(3), "what each thread saw last (switch, flag, sample)");
            assertEquals(List.of(), app.stderr(), "nothing to report under load");
            System.out.println("LoadIT: " + calls + " gated calls by " + THREADS + " threads during " + ROUNDS * 6
                    + " writes");
        }
    }

    @Test
    void millionsOfUsersNeverSeenBeforeLeaveTheHeapAsItWas() {
        try (AgentApp app = AgentApp.on(jdk()).config(patientRedis() + YAML).jvmArg("-Xmx128m").start()) {
            redis.set(FLAG, "0");
            redis.set(SAMPLE, "50");
            redis.command("SADD", USERS, "FLAG:pancake:k:user:LOAD_FLAG:visitor-150000");
            redis.set("FLAG:pancake:k:user:LOAD_FLAG:visitor-150000", "1");
            app.send("user visitor-150000");
            app.awaitCall("= Boolean:true", "Load#flagged");
            app.send("user -");
            app.awaitCall("= Boolean:true", "Load#sampled"); // 50 %: one of the first users gets it

            long warm = users(app, 200_000); // visitors 0..199,999: one override, half the samples
            assertTrue(warm > 90_000 && warm < 110_000, "200,000 users, 50 % sample and one override: " + warm);
            long before = heap(app);
            long active = 0;
            for (int batch = 0; batch < 8; batch++) {
                active += users(app, 250_000);
            }
            long after = heap(app);
            assertTrue(active > 980_000 && active < 1_020_000, "2,000,000 users at 50 %: " + active);
            long grownKb = (after - before) / 1024;
            System.out.println("LoadIT: heap after GC " + before / 1024 + " KB, after 2,000,000 more users "
                    + after / 1024 + " KB");
            assertTrue(grownKb < 8 * 1024, "the heap grew by " + grownKb + " KB over 2,000,000 users");
            assertEquals(List.of(), app.stderr());
        }
    }

    private static long users(AgentApp app, int n) {
        String answer = app.send("users " + n);
        assertTrue(answer.startsWith("= Long:"), answer);
        return Long.parseLong(answer.substring("= Long:".length()));
    }

    private static long heap(AgentApp app) {
        String answer = app.send("heap");
        assertTrue(answer.startsWith("= Long:"), answer);
        return Long.parseLong(answer.substring("= Long:".length()));
    }

    private static String override(int user) {
        return "FLAG:pancake:k:user:LOAD_FLAG:user-" + user;
    }

    private static String flip(String bit) {
        return bit.equals("1") ? "0" : "1";
    }
}
