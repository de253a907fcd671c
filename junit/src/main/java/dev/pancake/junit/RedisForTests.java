package dev.pancake.junit;

import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The Redis of tests marked {@code @PancakeTest(redis = true)}: the one {@code PANCAKE_TEST_REDIS_URL}
 * names, else a container that Testcontainers starts once per test JVM. Puts the agent's flags in
 * it for those tests and back in memory for the others. Tests that use flags never run at the same
 * time (they share one resource lock), so one switch serves a whole test.
 */
final class RedisForTests {

    static final String URL_ENV = "PANCAKE_TEST_REDIS_URL";
    static final String IMAGE = "redis:7-alpine";
    private static final String TESTCONTAINERS = "org.testcontainers.containers.GenericContainer";

    private static final Object LOCK = new Object();
    private static String url; // guarded by LOCK: the test Redis once found
    private static PancakeTestException unavailable; // guarded by LOCK: why there is none, once found out
    private static boolean inRedis; // guarded by LOCK: where the agent keeps flags now

    private RedisForTests() {}

    /**
     * Puts the agent's flags where the test wants them: in the test Redis, or in memory.
     *
     * @param where the test class that asks, for messages
     */
    static void use(RunningAgent agent, boolean redis, ExtensionContext context, String where) {
        synchronized (LOCK) {
            if (redis == inRedis) {
                return;
            }
            if (!redis) {
                agent.useTestRedis(null);
                inRedis = false;
                return;
            }
            String target = url(context, where);
            try {
                agent.useTestRedis(target);
            } catch (IllegalStateException e) {
                throw new PancakeTestException("@PancakeTest(redis = true) on " + where + ": " + e.getMessage());
            }
            inRedis = true;
            // back to the in-memory store (closing the connection) when the test run ends
            context.getRoot().getStore(ExtensionContext.Namespace.create(RedisForTests.class))
                    .getOrComputeIfAbsent("memory again", k -> new AtTheEnd(() -> backToMemory(agent)));
        }
    }

    private static String url(ExtensionContext context, String where) {
        if (url != null) {
            return url;
        }
        if (unavailable != null) {
            throw unavailable;
        }
        String fromEnv = System.getenv(URL_ENV);
        if (fromEnv != null && !fromEnv.isBlank()) {
            url = fromEnv.trim();
            return url;
        }
        try {
            Class.forName(TESTCONTAINERS, false, RedisForTests.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            unavailable = new PancakeTestException("@PancakeTest(redis = true) on " + where + " needs a Redis: set "
                    + URL_ENV + "=redis://host:port to one the tests may write to, or add org.testcontainers:testcontainers"
                    + " to the test dependencies for a container of " + IMAGE);
            throw unavailable;
        }
        try {
            url = Container.start(context);
            return url;
        } catch (RuntimeException | LinkageError e) {
            unavailable = new PancakeTestException("@PancakeTest(redis = true) on " + where + ": " + URL_ENV + " is not"
                    + " set, and Testcontainers could not start a container of " + IMAGE + " (" + e.getMessage() + ");"
                    + " set " + URL_ENV + "=redis://host:port to a Redis the tests may write to");
            throw unavailable;
        }
    }

    /** Testcontainers, in a class of its own: loaded only when it is on the class path. */
    private static final class Container {

        static String start(ExtensionContext context) {
            org.testcontainers.containers.GenericContainer<?> redis =
                    new org.testcontainers.containers.GenericContainer<>(
                            org.testcontainers.utility.DockerImageName.parse(IMAGE)).withExposedPorts(6379);
            redis.start();
            context.getRoot().getStore(ExtensionContext.Namespace.create(RedisForTests.class))
                    .put("container", new AtTheEnd(redis::stop));
            return "redis://" + redis.getHost() + ":" + redis.getMappedPort(6379);
        }
    }

    private static void backToMemory(RunningAgent agent) {
        synchronized (LOCK) {
            if (inRedis) {
                agent.useTestRedis(null);
                inRedis = false;
            }
        }
    }

    /**
     * Runs when JUnit closes the root context's store, at the end of the test run. Both interfaces:
     * JUnit 5.13 and later close an {@code AutoCloseable}, and warn about a bare
     * {@code CloseableResource}, which is all that earlier versions close.
     */
    private static final class AtTheEnd implements ExtensionContext.Store.CloseableResource, AutoCloseable {

        private final Runnable action;

        AtTheEnd(Runnable action) {
            this.action = action;
        }

        @Override
        public void close() {
            action.run();
        }
    }
}
