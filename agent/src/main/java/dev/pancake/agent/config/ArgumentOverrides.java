package dev.pancake.agent.config;

import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import dev.pancake.agent.log.Log;
import dev.pancake.agent.log.Secrets;

/**
 * What the agent's arguments override in pancake.yml, for a JVM that must keep pancake.yml's
 * flags, groups and fallbacks but never reach what else it names, such as a test run:
 * {@code store=memory} uses the in-memory store whatever {@code redis:} says, and
 * {@code admin=off} keeps the admin page off whatever {@code admin:} says
 * ({@code -javaagent:pancake-agent.jar=store=memory,admin=off}). pancake-junit attaches the agent
 * with both. They apply to every reading of the file, reloads included.
 *
 * <p>{@code store=} has one value: any other is reported, and the in-memory store is used anyway,
 * since whoever wrote it did not want pancake.yml's store.
 *
 * <p>A JVM started with {@code store=memory} is a test JVM, and its tests may ask for a real Redis
 * of their own ({@link #useTestRedis}). Its keys then live under a namespace of this JVM's own,
 * {@code pancake-test-} and random letters, never under pancake.yml's: test runs sharing one
 * Redis, and the applications using it, never see each other's flags.
 */
public final class ArgumentOverrides {

    /** How long a test Redis may take to answer: test machines are often busy. */
    static final int TEST_TIMEOUT_MS = 2_000;

    private final boolean memoryStore;
    private final boolean adminOff;
    private final String testNamespace; // null unless memoryStore
    private volatile RedisSettings testRedis; // null: the in-memory store

    ArgumentOverrides(boolean memoryStore, boolean adminOff) {
        this.memoryStore = memoryStore;
        this.adminOff = adminOff;
        this.testNamespace = memoryStore ? "pancake-test-" + randomLetters() : null;
    }

    public static ArgumentOverrides parse(String agentArgs) {
        Map<String, String> args = AgentArgs.parse(agentArgs);
        String store = args.get("store");
        if (store != null && !store.equals("memory")) {
            Log.error("agent argument store=" + store + ": expected store=memory; the in-memory store is used");
        }
        String admin = args.get("admin");
        if (admin != null && !admin.equals("off")) {
            Log.error("agent argument admin=" + admin + ": expected admin=off; the admin page stays off");
        }
        return new ArgumentOverrides(store != null, admin != null);
    }

    /** Started with {@code store=memory}: a test JVM, which never uses pancake.yml's store. */
    public boolean forTests() {
        return memoryStore;
    }

    public boolean adminOff() {
        return adminOff;
    }

    /** The namespace of a test JVM's keys in a test Redis; null in other JVMs. */
    public String testNamespace() {
        return testNamespace;
    }

    /**
     * From the next {@link #apply} on, a test JVM uses the Redis at {@code url} (under
     * {@link #testNamespace()}), or the in-memory store again when {@code url} is null.
     *
     * @throws IllegalStateException    in a JVM not started with {@code store=memory}
     * @throws IllegalArgumentException for a URL that is not redis:// or rediss://
     */
    public void useTestRedis(String url) {
        if (!memoryStore) {
            throw new IllegalStateException("only a test JVM, whose agent was started with store=memory, can switch to a"
                    + " test Redis; this one uses the store pancake.yml names");
        }
        if (url == null) {
            testRedis = null;
            return;
        }
        if (!url.startsWith("redis://") && !url.startsWith("rediss://")) {
            throw new IllegalArgumentException("expected a redis:// or rediss:// URL for the test Redis, got \""
                    + Secrets.describeUrl(url) + "\"");
        }
        testRedis = new RedisSettings(url, null, null, TEST_TIMEOUT_MS, null, null, false, null);
    }

    /** The test Redis in use, or null. */
    public RedisSettings testRedis() {
        return testRedis;
    }

    /** The configuration to run with: {@code config} less what the arguments switched off. */
    public Config apply(Config config) {
        if (!memoryStore && !adminOff) {
            return config;
        }
        RedisSettings redis = memoryStore ? testRedis : config.redis();
        String namespace = memoryStore ? testNamespace : config.namespace();
        return new Config(config.source(), namespace, redis, config.groups(), config.flags(),
                adminOff ? null : config.admin(), config.app());
    }

    private static String randomLetters() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < 10; i++) {
            out.append(Character.forDigit(random.nextInt(36), 36));
        }
        return out.toString();
    }
}
