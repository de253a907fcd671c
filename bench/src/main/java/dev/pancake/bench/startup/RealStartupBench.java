package dev.pancake.bench.startup;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import dev.pancake.bench.Jdk;
import dev.pancake.bench.Stats;
import dev.pancake.testkit.ForkedJvm;
import dev.pancake.testkit.TestRedis;

/**
 * Start-up added by the agent to a realistic application: fixtures/petclinic-like (Spring Boot, MVC, JPA on H2,
 * Thymeleaf, validation, actuator), run as {@code java -jar}, timed from the start of the process to the first
 * HTTP 200 of {@code GET /}, whose page shows the answer of the gated {@code ClinicNews#headline()}. The variants:
 * no agent, an empty agent ({@link EmptyAgent}), Pancake in-memory, Pancake with Redis; in turn, in a rotating
 * order, after one unmeasured round that warms the disk cache. Besides the wall clock, the process's CPU time up to
 * that answer, which a busy machine disturbs less.
 */
public final class RealStartupBench {

    /** How the application JVM is started. */
    public enum Variant {
        PLAIN("no agent"),
        EMPTY_AGENT("empty agent (no-op transformer)"),
        AGENT_MEMORY("Pancake, in-memory store"),
        AGENT_REDIS("Pancake, Redis store");

        public final String label;

        Variant(String label) {
            this.label = label;
        }
    }

    /** One JDK's results: wall-clock and CPU nanoseconds to the first HTTP 200, per variant. */
    public record Result(Jdk jdk, Map<Variant, Stats> nanos, Map<Variant, Stats> cpu, int redisSeen, int runs) {

        public long addedNanos(Variant v) {
            return nanos.get(v).p50() - nanos.get(Variant.PLAIN).p50();
        }

        public long addedCpu(Variant v) {
            return cpu.get(v).p50() - cpu.get(Variant.PLAIN).p50();
        }
    }

    static final String FLAG = "WELCOME_NEWS";
    private static final String NEWS_ON = "class=\"news\"";
    private static final String NEWS_OFF = "class=\"news-off\"";
    private static final Duration RUN_TIMEOUT = Duration.ofMinutes(3);

    private final Path agentJar;
    private final Path fixtureJar;
    private final Path dir;
    private final TestRedis redis;

    public RealStartupBench(Path agentJar, Path fixtureJar, Path dir, TestRedis redis) {
        this.agentJar = agentJar;
        this.fixtureJar = fixtureJar;
        this.dir = dir;
        this.redis = redis;
    }

    public Result run(Jdk jdk, int runs) {
        Path emptyAgent = dir.resolve("empty-agent.jar");
        Path memoryConfig = dir.resolve("petclinic-memory.yml");
        Path redisConfig = dir.resolve("petclinic-redis.yml");
        String flags = "flags:\n  " + FLAG + ": {type: switch, default: false}\n";
        try {
            Files.createDirectories(dir);
            writeEmptyAgent(emptyAgent);
            Files.writeString(memoryConfig, flags);
            Files.writeString(redisConfig, "redis:\n  url: " + redis.url() + "\n" + flags);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        redis.set("SWITCH:pancake:" + FLAG, "1");
        Map<Variant, List<Long>> times = new EnumMap<>(Variant.class);
        Map<Variant, List<Long>> cpu = new EnumMap<>(Variant.class);
        int redisSeen = 0;
        Variant[] variants = Variant.values();
        for (int round = -1; round < runs; round++) {
            for (int k = 0; k < variants.length; k++) {
                Variant v = variants[Math.floorMod(round + k, variants.length)];
                ForkedJvm.Builder b = ForkedJvm.builder().javaHome(jdk.home()).workDir(dir);
                switch (v) {
                    case EMPTY_AGENT -> b.agent(emptyAgent, null);
                    case AGENT_MEMORY -> b.agent(agentJar, "config=" + memoryConfig);
                    case AGENT_REDIS -> b.agent(agentJar, "config=" + redisConfig);
                    default -> { }
                }
                Run r = once(b, v, jdk);
                boolean newsOn = v == Variant.PLAIN || v == Variant.EMPTY_AGENT;
                if (v == Variant.AGENT_REDIS) {
                    redisSeen += round >= 0 && r.newsOn ? 1 : 0;
                } else if (r.newsOn != newsOn) {
                    throw new IllegalStateException("petclinic-like (" + v.label + ", " + jdk + ") showed the news "
                            + (r.newsOn ? "on" : "off") + ", expected " + (newsOn ? "on" : "off"));
                }
                System.out.printf("  %-34s %7d ms, CPU %7d ms%n", v.label, r.nanos / 1_000_000, r.cpuNanos / 1_000_000);
                if (round >= 0) {
                    times.computeIfAbsent(v, x -> new ArrayList<>()).add(r.nanos);
                    cpu.computeIfAbsent(v, x -> new ArrayList<>()).add(r.cpuNanos);
                }
            }
        }
        Map<Variant, Stats> wall = new EnumMap<>(Variant.class);
        times.forEach((v, list) -> wall.put(v, Stats.of(list)));
        Map<Variant, Stats> cpuStats = new EnumMap<>(Variant.class);
        cpu.forEach((v, list) -> cpuStats.put(v, Stats.of(list)));
        return new Result(jdk, wall, cpuStats, redisSeen, runs);
    }

    private record Run(long nanos, long cpuNanos, boolean newsOn) {}

    private Run once(ForkedJvm.Builder builder, Variant v, Jdk jdk) {
        int port = freePort();
        // "-jar" takes the main class's place on the command line
        builder.mainClass("-jar").args(fixtureJar.toString(), "--server.port=" + port);
        URI uri = URI.create("http://127.0.0.1:" + port + "/");
        long start = System.nanoTime();
        try (ForkedJvm jvm = builder.start()) {
            long deadline = start + RUN_TIMEOUT.toNanos();
            while (true) {
                String page = get(uri);
                if (page != null) {
                    long nanos = System.nanoTime() - start;
                    long cpuNanos = ProcessHandle.of(jvm.pid()).flatMap(p -> p.info().totalCpuDuration())
                            .map(Duration::toNanos).orElse(-1L);
                    if (!page.contains(NEWS_ON) && !page.contains(NEWS_OFF)) {
                        throw new IllegalStateException("petclinic-like's welcome page has no news paragraph: " + page);
                    }
                    return new Run(nanos, cpuNanos, page.contains(NEWS_ON));
                }
                if (!jvm.isAlive() || System.nanoTime() > deadline) {
                    throw new IllegalStateException("petclinic-like (" + v.label + ", " + jdk + ") did not answer: "
                            + String.join(" ", jvm.command()) + "\nstdout: " + jvm.stdoutLines() + "\nstderr: "
                            + jvm.stderrLines());
                }
                try {
                    Thread.sleep(10);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            }
        }
    }

    /** The body of a 200 answer, or null when nothing listens yet (or it answers otherwise). */
    private static String get(URI uri) {
        try {
            HttpURLConnection c = (HttpURLConnection) uri.toURL().openConnection();
            c.setConnectTimeout(1_000);
            c.setReadTimeout(30_000);
            try {
                if (c.getResponseCode() != 200) {
                    return null;
                }
                try (InputStream in = c.getInputStream()) {
                    return new String(in.readAllBytes(), StandardCharsets.UTF_8);
                }
            } finally {
                c.disconnect();
            }
        } catch (IOException e) {
            return null;
        }
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The empty agent's jar: {@link EmptyAgent} and its transformer, from this benchmark's own classes. */
    public static void writeEmptyAgent(Path jar) throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().putValue("Premain-Class", EmptyAgent.class.getName());
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest)) {
            for (String name : List.of(EmptyAgent.class.getName(), EmptyAgent.class.getName() + "$1")) {
                String entry = name.replace('.', '/') + ".class";
                try (InputStream in = EmptyAgent.class.getClassLoader().getResourceAsStream(entry)) {
                    if (in == null) {
                        throw new IOException("no " + entry + " in the benchmark jar");
                    }
                    out.putNextEntry(new JarEntry(entry));
                    in.transferTo(out);
                    out.closeEntry();
                }
            }
        }
    }
}
