package dev.pancake.testkit;

import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * The only class that touches Testcontainers, so that a consumer without it on the class path fails here alone, with a
 * {@link LinkageError} that the discovery reports, and never while loading {@link TestRedis}.
 */
final class RedisContainers {
    static final int REDIS_PORT = 6379;

    private RedisContainers() {
    }

    /** Whether a Docker engine answers (Testcontainers' own check). */
    static boolean dockerAvailable() {
        return DockerClientFactory.instance().isDockerAvailable();
    }

    /** A started {@code redis:7} container without persistence, like the servers we start ourselves. */
    static Running start() {
        GenericContainer<?> container = new GenericContainer<>(DockerImageName.parse("redis:7"))
                .withExposedPorts(REDIS_PORT)
                .withCommand("redis-server", "--save", "", "--appendonly", "no");
        container.start();
        return new Running(container.getHost(), container.getMappedPort(REDIS_PORT), container);
    }

    /** Where a started container answers; closing {@code container} removes it. */
    record Running(String host, int port, AutoCloseable container) {
    }
}
