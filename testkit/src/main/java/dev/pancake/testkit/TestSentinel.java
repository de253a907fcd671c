package dev.pancake.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * Redis Sentinel on loopback: one master, one replica and three sentinels (quorum 2) that notice a dead master
 * within half a second and fail over to the replica within a few. For tests of clients that must follow a failover.
 *
 * <p>{@link #await()} returns once the sentinels know the replica and each other, so that a failover can succeed.
 * {@link #failover()} kills the master the way a crash does and waits until the sentinels name the replica.
 */
public final class TestSentinel implements AutoCloseable {
    /** The master's name in the sentinels' configuration. */
    public static final String MASTER = "mymaster";
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(30);

    private final TestRedis master;
    private final TestRedis replica;
    private final List<TestRedis> sentinels = new ArrayList<>();
    private final Path configDir;

    private TestSentinel(TestRedis master, TestRedis replica, Path configDir) {
        this.master = master;
        this.replica = replica;
        this.configDir = configDir;
    }

    /**
     * Starts the master, its replica and three sentinels; {@code serverArgs} go to the master and the replica (and
     * {@code sentinelArgs} to the sentinels), for example TLS options.
     */
    public static TestSentinel start(List<String> serverArgs, List<String> sentinelArgs) {
        TestRedis master = TestRedis.startOwn(List.of(), serverArgs, "Ready to accept connections");
        TestSentinel set = null;
        try {
            List<String> replicaArgs = new ArrayList<>(serverArgs);
            replicaArgs.addAll(List.of("--replicaof", "127.0.0.1", Integer.toString(master.port())));
            TestRedis replica = TestRedis.startOwn(List.of(), replicaArgs, "Ready to accept connections");
            set = new TestSentinel(master, replica, Reaper.tempDirectory("pancake-sentinel-"));
            for (int i = 0; i < 3; i++) {
                set.sentinels.add(set.startSentinel(i, sentinelArgs));
            }
            set.await();
            return set;
        } catch (RuntimeException e) {
            if (set != null) {
                set.close();
            } else {
                master.close();
            }
            throw e;
        }
    }

    /** Starts the set without extra arguments. */
    public static TestSentinel start() {
        return start(List.of(), List.of());
    }

    private TestRedis startSentinel(int index, List<String> args) {
        Path conf = configDir.resolve("sentinel-" + index + ".conf");
        try {
            Files.writeString(conf, String.join("\n",
                    "sentinel monitor " + MASTER + " 127.0.0.1 " + master.port() + " 2",
                    "sentinel down-after-milliseconds " + MASTER + " 500",
                    "sentinel failover-timeout " + MASTER + " 2000",
                    "sentinel parallel-syncs " + MASTER + " 1",
                    ""));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> leading = List.of(conf.toString(), "--sentinel");
        return TestRedis.startOwn(leading, args, "+monitor master " + MASTER);
    }

    /** Waits until every sentinel knows the replica and the two other sentinels. */
    public void await() {
        awaitTrue("the sentinels know the replica and each other", () -> {
            for (TestRedis s : sentinels) {
                String master = s.command("SENTINEL", "MASTER", MASTER);
                if (!master.contains("num-slaves, 1,") || !master.contains("num-other-sentinels, 2,")) {
                    return false;
                }
            }
            return true;
        });
    }

    /** The master now, as the first sentinel that answers names it: {@code host:port}. */
    public String currentMaster() {
        RuntimeException last = null;
        for (TestRedis s : sentinels) {
            try {
                String reply = s.command("SENTINEL", "GET-MASTER-ADDR-BY-NAME", MASTER); // "[127.0.0.1, 6379]"
                String[] parts = reply.substring(1, reply.length() - 1).split(", ");
                return parts[0] + ":" + parts[1];
            } catch (RuntimeException e) {
                last = e;
            }
        }
        throw new IllegalStateException("no sentinel answers", last);
    }

    /**
     * Kills the master (SIGKILL) and waits until the sentinels have promoted the replica and it takes writes.
     * Returns the new master.
     */
    public TestRedis failover() {
        String old = "127.0.0.1:" + master.port();
        master.stop();
        String promoted = "127.0.0.1:" + replica.port();
        awaitTrue("the sentinels promote the replica " + promoted, () -> promoted.equals(currentMaster())
                && replica.command("ROLE").startsWith("[master,"));
        if (old.equals(promoted)) {
            throw new IllegalStateException("the failover kept the old master");
        }
        return replica;
    }

    /** Waits until a replica has {@code key} = {@code value} (replication is asynchronous). */
    public static void awaitReplicated(TestRedis replica, String key, String value) {
        awaitTrue(key + " = " + value + " reaches the replica", () -> value.equals(replica.get(key)));
    }

    /** The master the set started with. */
    public TestRedis master() {
        return master;
    }

    /** The replica the set started with (the master after {@link #failover()}). */
    public TestRedis replica() {
        return replica;
    }

    /** The three sentinels. */
    public List<TestRedis> sentinels() {
        return List.copyOf(sentinels);
    }

    /** {@code ["127.0.0.1:P1", "127.0.0.1:P2", "127.0.0.1:P3"]}, as pancake.yml's redis.sentinel.nodes wants it. */
    public List<String> sentinelNodes() {
        List<String> out = new ArrayList<>();
        for (TestRedis s : sentinels) {
            out.add("127.0.0.1:" + s.port());
        }
        return out;
    }

    static void awaitTrue(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        RuntimeException last = null;
        while (System.nanoTime() < deadline) {
            try {
                if (condition.getAsBoolean()) {
                    return;
                }
            } catch (RuntimeException e) {
                last = e;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting until " + what, e);
            }
        }
        throw new IllegalStateException("timed out after " + READY_TIMEOUT.toSeconds() + " s waiting until " + what,
                last);
    }

    @Override
    public void close() {
        sentinels.forEach(TestRedis::close);
        replica.close();
        master.close();
        Reaper.delete(configDir);
    }
}
