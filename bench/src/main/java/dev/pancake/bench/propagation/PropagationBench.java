package dev.pancake.bench.propagation;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import dev.pancake.bench.Jdk;
import dev.pancake.bench.Stats;
import dev.pancake.testkit.ForkedJvm;
import dev.pancake.testkit.TestRedis;

/** Runs {@link PropagationMain} under the agent, on one JDK, against a Redis server on loopback. */
public final class PropagationBench {

    /**
     * Latencies in nanoseconds: the bare invalidation push (the floor) and a gated call seeing the change, each
     * measured after {@code warmup} changes that warm up the JIT (a running agent's code is compiled).
     */
    public record Result(Jdk jdk, String redisVersion, int warmup, Stats floor, Stats agent) {}

    private final Path agentJar;
    private final Path dir;
    private final TestRedis redis;

    public PropagationBench(Path agentJar, Path dir, TestRedis redis) {
        this.agentJar = agentJar;
        this.dir = dir;
        this.redis = redis;
    }

    public Result run(Jdk jdk, int warmup, int changes) {
        Path out = dir.resolve("propagation-java" + jdk.name());
        Path config = out.resolve("propagation.yml");
        try {
            Files.createDirectories(out);
            Files.writeString(config, "redis:\n  url: " + redis.url() + "\nflags:\n"
                    + "  PROPAGATION: {type: switch, default: false}\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try (ForkedJvm jvm = ForkedJvm.builder().javaHome(jdk.home())
                .agent(agentJar, "config=" + config)
                .classpath(Jdk.benchClassPath())
                .mainClass(PropagationMain.class.getName())
                .args(redis.host(), String.valueOf(redis.port()), String.valueOf(warmup), String.valueOf(changes),
                        out.toString())
                .workDir(out)
                .start()) {
            int exit = jvm.awaitExit(Duration.ofMinutes(5));
            if (exit != 0) {
                throw new IllegalStateException("the propagation benchmark failed on " + jdk + " (exit " + exit
                        + ")\nstdout: " + jvm.stdoutLines() + "\nstderr: " + jvm.stderrLines());
            }
            return new Result(jdk, redis.version(), warmup, Stats.of(read(out.resolve("floor.txt"))),
                    Stats.of(read(out.resolve("agent.txt"))));
        }
    }

    private static List<Long> read(Path file) {
        try {
            return Files.readAllLines(file).stream().filter(l -> !l.isBlank()).map(Long::parseLong).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
