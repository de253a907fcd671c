package dev.pancake.bench.propagation;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import redis.clients.jedis.RedisClient;

/**
 * How long a change written by another Redis client takes to reach a running agent. Runs under
 * {@code -javaagent:pancake-agent.jar} with propagation.yml pointing at the Redis on {@code host:port}.
 *
 * <p>Two phases of {@code warmup + changes} changes each, alternating "1" and "0", written with a plain Jedis client
 * (a second client, as redis-cli or flask-pancake would be):
 *
 * <ol>
 *   <li>{@code floor}: SET of a key under a prefix the agent does not follow, to the moment a bare
 *       {@link InvalidationSubscriber} receives its invalidation push: what any broadcast-invalidated cache waits at
 *       least.
 *   <li>{@code agent}: SET of {@code SWITCH:pancake:PROPAGATION} to the first call of the gated {@link Probe#on()}
 *       that answers the new value, watched by a thread that calls it in a loop.
 * </ol>
 *
 * Each latency runs from just before the SET is sent. Writes one file per phase with one latency in nanoseconds a line.
 * A change not seen within 5 s fails the run: a lost change is a bug, not a slow sample.
 */
public final class PropagationMain {

    private static final long GIVE_UP_NANOS = TimeUnit.SECONDS.toNanos(5);
    private static final String SWITCH_KEY = "SWITCH:pancake:PROPAGATION";
    private static final String FLOOR_PREFIX = "FLOOR:bench:";

    private PropagationMain() {}

    /** Arguments: host port warmup changes outDir. */
    public static void main(String[] args) throws Exception {
        String host = args[0];
        int port = Integer.parseInt(args[1]);
        int warmup = Integer.parseInt(args[2]);
        int changes = Integer.parseInt(args[3]);
        Path out = Path.of(args[4]);
        try (RedisClient writer = RedisClient.builder().hostAndPort(host, port).build()) {
            write(out.resolve("floor.txt"), floor(writer, host, port, warmup, changes));
            write(out.resolve("agent.txt"), agent(writer, warmup, changes));
        }
        System.out.println("propagation done");
        System.exit(0);
    }

    private static List<Long> floor(RedisClient writer, String host, int port, int warmup, int changes) {
        String key = FLOOR_PREFIX + "KEY";
        Watch watch = new Watch();
        try (InvalidationSubscriber subscriber = new InvalidationSubscriber(host, port, FLOOR_PREFIX, k -> {
            if (k.equals(key)) {
                watch.seen(watch.expected);
            }
        })) {
            return run(writer, key, watch, warmup, changes);
        }
    }

    private static List<Long> agent(RedisClient writer, int warmup, int changes) throws InterruptedException {
        Probe probe = new Probe();
        Watch watch = new Watch();
        writer.set(SWITCH_KEY, "0");
        long deadline = System.nanoTime() + GIVE_UP_NANOS;
        while (probe.on()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(SWITCH_KEY + " = 0 was not seen within 5 s");
            }
            Thread.sleep(1);
        }
        Thread observer = new Thread(() -> {
            boolean last = false;
            while (!watch.done) {
                boolean now = probe.on();
                if (now != last) {
                    watch.seen(now);
                    last = now;
                }
                Thread.onSpinWait();
            }
        }, "observer");
        observer.setDaemon(true);
        observer.start();
        List<Long> latencies;
        try {
            latencies = run(writer, SWITCH_KEY, watch, warmup, changes);
        } finally {
            watch.done = true;
            observer.join();
        }
        boolean last = (warmup + changes) % 2 == 1;
        if (probe.on() != last) {
            throw new IllegalStateException("the last change (" + SWITCH_KEY + " = " + (last ? "1" : "0")
                    + ") is not in force");
        }
        return latencies;
    }

    /** Writes the changes one at a time; returns the latencies after the warm-up. */
    private static List<Long> run(RedisClient writer, String key, Watch watch, int warmup, int changes) {
        List<Long> latencies = new ArrayList<>(changes);
        boolean value = false;
        for (int i = 0; i < warmup + changes; i++) {
            value = !value;
            watch.expect(value, Thread.currentThread());
            long sent = System.nanoTime();
            writer.set(key, value ? "1" : "0");
            long seenAt = watch.await(value, sent + GIVE_UP_NANOS);
            if (seenAt < 0) {
                throw new IllegalStateException("change " + i + " (" + key + " = " + (value ? "1" : "0")
                        + ") was not seen within 5 s");
            }
            if (i >= warmup) {
                latencies.add(seenAt - sent);
            }
            LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(500)); // distinct changes, not a burst
        }
        return latencies;
    }

    private static void write(Path file, List<Long> latencies) throws IOException {
        StringBuilder text = new StringBuilder();
        for (long l : latencies) {
            text.append(l).append('\n');
        }
        Files.writeString(file, text);
    }

    /**
     * The observed state and when it was first seen, shared between the writer and the observing thread. The writer
     * parks while it waits, so that on a small machine it leaves the CPU to Redis and the agent.
     */
    private static final class Watch {
        volatile boolean expected;
        volatile boolean done;
        private volatile Thread waiter;
        private volatile boolean state;
        private volatile long seenAt;

        void expect(boolean value, Thread writer) {
            waiter = writer;
            expected = value;
        }

        void seen(boolean value) {
            long now = System.nanoTime();
            if (value != state) {
                seenAt = now;
                state = value;
                Thread w = waiter;
                if (w != null) {
                    LockSupport.unpark(w);
                }
            }
        }

        /** When {@code value} was seen, or -1 once the deadline passed. */
        long await(boolean value, long deadline) {
            while (state != value) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return -1;
                }
                LockSupport.parkNanos(Math.min(left, TimeUnit.MILLISECONDS.toNanos(10)));
            }
            return seenAt;
        }
    }
}
