package dev.pancake.bench.startup;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import dev.pancake.bench.Jdk;
import dev.pancake.bench.Stats;
import dev.pancake.testkit.ForkedJvm;
import dev.pancake.testkit.TestRedis;

/**
 * Start-up added by the agent: the wall-clock time of a whole JVM (start to exit) that loads 10,000 generated classes
 * and calls one gated method ({@link StartupApp}), with and without {@code -javaagent}. The variants run in turn, in a
 * rotating order, after one unmeasured round that warms the disk cache.
 */
public final class StartupBench {

    /** How the application JVM is started. */
    public enum Variant {
        PLAIN("no agent"),
        AGENT_MEMORY("agent, in-memory store"),
        AGENT_REDIS("agent, Redis store");

        public final String label;

        Variant(String label) {
            this.label = label;
        }
    }

    /** One JDK's results: wall-clock nanoseconds of each variant, and how often the Redis variant's first call saw Redis. */
    public record Result(Jdk jdk, int classes, Map<Variant, Stats> nanos, int redisSeen, int runs) {

        public long addedNanos(Variant v) {
            return nanos.get(v).p50() - nanos.get(Variant.PLAIN).p50();
        }
    }

    private static final Duration RUN_TIMEOUT = Duration.ofSeconds(60);

    private final Path agentJar;
    private final Path dir;
    private final int classes;
    private final TestRedis redis;

    public StartupBench(Path agentJar, Path dir, int classes, TestRedis redis) {
        this.agentJar = agentJar;
        this.dir = dir;
        this.classes = classes;
        this.redis = redis;
    }

    public Result run(Jdk jdk, int runs) {
        Path app = dir.resolve("startup-app.jar");
        Path memoryConfig = dir.resolve("startup-memory.yml");
        Path redisConfig = dir.resolve("startup-redis.yml");
        String flags = "flags:\n  " + StartupApp.FLAG + ": {type: switch, default: false}\n";
        try {
            Files.createDirectories(dir);
            if (!Files.exists(app)) {
                StartupApp.write(app, classes);
            }
            Files.writeString(memoryConfig, flags);
            Files.writeString(redisConfig, "redis:\n  url: " + redis.url() + "\n" + flags);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        redis.set("SWITCH:pancake:" + StartupApp.FLAG, "1");
        Map<Variant, List<Long>> times = new EnumMap<>(Variant.class);
        int redisSeen = 0;
        Variant[] variants = Variant.values();
        for (int round = -1; round < runs; round++) {
            for (int k = 0; k < variants.length; k++) {
                Variant v = variants[Math.floorMod(round + k, variants.length)];
                Path config = v == Variant.AGENT_MEMORY ? memoryConfig : v == Variant.AGENT_REDIS ? redisConfig : null;
                Run r = once(jdk, app, config);
                int expected = v == Variant.PLAIN ? 1 : 0;
                if (v == Variant.AGENT_REDIS) {
                    redisSeen += round >= 0 && r.gated == 1 ? 1 : 0;
                } else if (r.gated != expected) {
                    throw new IllegalStateException("start-up app (" + v.label + ", " + jdk + ") answered gated="
                            + r.gated + ", expected " + expected);
                }
                if (round >= 0) {
                    times.computeIfAbsent(v, x -> new ArrayList<>()).add(r.nanos);
                }
            }
        }
        Map<Variant, Stats> stats = new EnumMap<>(Variant.class);
        times.forEach((v, list) -> stats.put(v, Stats.of(list)));
        return new Result(jdk, classes, stats, redisSeen, runs);
    }

    private record Run(long nanos, int gated) {}

    private Run once(Jdk jdk, Path app, Path config) {
        ForkedJvm.Builder builder = ForkedJvm.builder().javaHome(jdk.home()).classpath(app).mainClass("gen.Main")
                .workDir(dir);
        if (config != null) {
            builder.agent(agentJar, "config=" + config);
        }
        long start = System.nanoTime();
        try (ForkedJvm jvm = builder.start()) {
            int exit = jvm.awaitExit(RUN_TIMEOUT);
            long nanos = System.nanoTime() - start;
            List<String> out = jvm.stdoutLines();
            if (exit != 0 || out.size() != 2 || !out.get(0).equals(String.valueOf(StartupApp.expectedSum(classes)))) {
                throw new IllegalStateException("start-up app failed (exit " + exit + "): " + String.join(" ", jvm.command())
                        + "\nstdout: " + out + "\nstderr: " + jvm.stderrLines());
            }
            if (!jvm.stderrLines().isEmpty()) {
                throw new IllegalStateException("start-up app wrote to stderr: " + jvm.stderrLines());
            }
            return new Run(nanos, Integer.parseInt(out.get(1).trim()));
        }
    }
}
