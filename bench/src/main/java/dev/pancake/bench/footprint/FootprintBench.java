package dev.pancake.bench.footprint;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import dev.pancake.bench.Jdk;
import dev.pancake.bench.Stats;
import dev.pancake.bench.startup.RealStartupBench;
import dev.pancake.bench.startup.RealStartupBench.Variant;
import dev.pancake.testkit.ForkedJvm;
import dev.pancake.testkit.TestRedis;

/**
 * What the agent adds to an idle application ({@link IdleApp}): resident memory (VmRSS), Java heap in use, and
 * threads, each measured beside the same application without the agent, a few seconds after it started. An empty
 * agent (a no-op transformer) runs beside them, to show what any {@code -javaagent} costs. The variants run in
 * turn, in a rotating order. Linux only (it reads /proc).
 */
public final class FootprintBench {

    /** One variant's medians: resident set and heap in use (bytes), threads. */
    public record Sample(long rss, long heap, long threads) {}

    /** One JDK's results, per variant the median of each quantity. */
    public record Result(Jdk jdk, Map<Variant, Stats> rss, Map<Variant, Stats> heap, Map<Variant, Stats> threads,
            int runs) {

        public long added(Map<Variant, Stats> what, Variant v) {
            return what.get(v).p50() - what.get(Variant.PLAIN).p50();
        }
    }

    /** Long enough for the agent's start-up thread, the first read and the first chores to be over. */
    private static final Duration SETTLE = Duration.ofSeconds(3);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
    private static final Pattern HEAP_USED = Pattern.compile("heap\\s+total .*?used (\\d+)K");

    private final Path agentJar;
    private final Path dir;
    private final TestRedis redis;

    public FootprintBench(Path agentJar, Path dir, TestRedis redis) {
        this.agentJar = agentJar;
        this.dir = dir;
        this.redis = redis;
    }

    public Result run(Jdk jdk, int runs) {
        Path memoryConfig = dir.resolve("footprint-memory.yml");
        Path redisConfig = dir.resolve("footprint-redis.yml");
        Path emptyAgent = dir.resolve("empty-agent.jar");
        String flags = "flags:\n  FOOTPRINT: {type: switch, default: false}\n";
        try {
            Files.createDirectories(dir);
            RealStartupBench.writeEmptyAgent(emptyAgent);
            Files.writeString(memoryConfig, flags);
            Files.writeString(redisConfig, "redis:\n  url: " + redis.url() + "\n" + flags);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<Variant, List<Sample>> samples = new EnumMap<>(Variant.class);
        Variant[] variants = Variant.values();
        for (int round = 0; round < runs; round++) {
            for (int k = 0; k < variants.length; k++) {
                Variant v = variants[Math.floorMod(round + k, variants.length)];
                Sample sample = switch (v) {
                    case PLAIN -> once(jdk, null, null);
                    case EMPTY_AGENT -> once(jdk, emptyAgent, null);
                    case AGENT_MEMORY -> once(jdk, agentJar, "config=" + memoryConfig);
                    case AGENT_REDIS -> once(jdk, agentJar, "config=" + redisConfig);
                };
                samples.computeIfAbsent(v, x -> new ArrayList<>()).add(sample);
            }
        }
        Map<Variant, Stats> rss = new EnumMap<>(Variant.class);
        Map<Variant, Stats> heap = new EnumMap<>(Variant.class);
        Map<Variant, Stats> threads = new EnumMap<>(Variant.class);
        samples.forEach((v, list) -> {
            rss.put(v, Stats.of(list.stream().map(Sample::rss).toList()));
            heap.put(v, Stats.of(list.stream().map(Sample::heap).toList()));
            threads.put(v, Stats.of(list.stream().map(Sample::threads).toList()));
        });
        return new Result(jdk, rss, heap, threads, runs);
    }

    private Sample once(Jdk jdk, Path agent, String agentArgs) {
        ForkedJvm.Builder builder = ForkedJvm.builder().javaHome(jdk.home()).classpath(Jdk.benchClassPath())
                .mainClass(IdleApp.class.getName()).workDir(dir);
        if (agent != null) {
            builder.agent(agent, agentArgs);
        }
        try (ForkedJvm jvm = builder.start()) {
            jvm.awaitStdout("idle", START_TIMEOUT);
            Thread.sleep(SETTLE.toMillis());
            long pid = jvm.pid();
            if (!jvm.stderrLines().isEmpty()) {
                throw new IllegalStateException("idle app wrote to stderr: " + jvm.stderrLines());
            }
            return new Sample(rssBytes(pid), heapUsedBytes(jdk, pid), threads(pid));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static long rssBytes(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("\\D", "")) * 1024;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        throw new IllegalStateException("no VmRSS for process " + pid);
    }

    private static long threads(long pid) {
        try (Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            return tasks.count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The Java heap in use, garbage included (no GC is forced: that is what the application's memory holds). */
    private static long heapUsedBytes(Jdk jdk, long pid) {
        try {
            Process p = new ProcessBuilder(jdk.home().resolve("bin/jcmd").toString(), Long.toString(pid), "GC.heap_info")
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            p.waitFor();
            Matcher m = HEAP_USED.matcher(out);
            if (!m.find()) {
                throw new IllegalStateException("jcmd GC.heap_info gave no heap size: " + out);
            }
            return Long.parseLong(m.group(1)) * 1024;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
