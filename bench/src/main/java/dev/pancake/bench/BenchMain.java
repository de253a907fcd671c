package dev.pancake.bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.openjdk.jmh.results.RunResult;

import dev.pancake.bench.footprint.FootprintBench;
import dev.pancake.bench.propagation.PropagationBench;
import dev.pancake.bench.startup.RealStartupBench;
import dev.pancake.bench.startup.StartupBench;
import dev.pancake.testkit.TestRedis;

/**
 * Runs every benchmark and writes {@code results.md} (see docs/performance.md). Started by bench/run.sh:
 *
 * <pre>
 * java -jar pancake-bench.jar --agent agent/target/pancake-agent.jar --jdk JDK17_HOME --jdk JDK25_HOME
 *      --fixture fixtures/petclinic-like/target/petclinic-like.jar --out bench/target/results [--quick]
 *      [--only gated,peers,threads,propagation,startup,startup-real]
 * </pre>
 *
 * The agent's own benchmarks run on every {@code --jdk}; the peers' on the newest one (FF4J 2.1 needs Java 21+).
 */
public final class BenchMain {

    static final Set<String> PARTS = new LinkedHashSet<>(List.of("gated", "peers", "threads", "propagation", "startup",
            "startup-real", "footprint"));

    private BenchMain() {}

    public static void main(String[] args) throws Exception {
        Path agent = null;
        Path fixture = null;
        Path out = Path.of("bench/target/results");
        List<Jdk> jdks = new ArrayList<>();
        Settings settings = Settings.fullRun();
        Set<String> parts = PARTS;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--agent" -> agent = Path.of(value(args, ++i, "--agent")).toAbsolutePath();
                case "--jdk" -> jdks.add(Jdk.at(Path.of(value(args, ++i, "--jdk"))));
                case "--fixture" -> fixture = Path.of(value(args, ++i, "--fixture")).toAbsolutePath();
                case "--out" -> out = Path.of(value(args, ++i, "--out")).toAbsolutePath();
                case "--quick" -> settings = Settings.quickRun();
                case "--only" -> parts = only(value(args, ++i, "--only"));
                default -> usage("unknown argument " + args[i]);
            }
        }
        if (agent == null || !Files.isRegularFile(agent)) {
            usage("--agent must name the agent jar (agent/target/pancake-agent.jar), got " + agent);
        }
        if (parts.contains("startup-real") && (fixture == null || !Files.isRegularFile(fixture))) {
            usage("--fixture must name the petclinic-like jar (fixtures/petclinic-like/target/petclinic-like.jar)"
                    + " for startup-real, got " + fixture);
        }
        if (jdks.isEmpty()) {
            jdks.add(Jdk.at(Path.of(System.getProperty("java.home"))));
        }
        jdks.sort(Comparator.comparingInt(Jdk::feature));
        Jdk newest = jdks.get(jdks.size() - 1);
        if (parts.contains("peers") && newest.feature() < 21) {
            usage("the peer benchmarks need a JDK 21+ (ff4j-core 2.1 is compiled for Java 21); pass one with --jdk");
        }
        Files.createDirectories(out);
        Path hotpath = out.resolve("hotpath.yml");
        try (InputStream in = BenchMain.class.getResourceAsStream("hotpath.yml")) {
            Files.copy(in, hotpath, StandardCopyOption.REPLACE_EXISTING);
        }
        String agentArg = "-javaagent:" + agent + "=config=" + hotpath;

        try (TestRedis redis = TestRedis.start()) {
            Report report = new Report(settings, Machine.current(), jdks, newest,
                    "redis-server " + redis.version() + " (" + redis.kind() + ")");
            JmhSuites jmh = new JmhSuites(settings, out);
            if (parts.contains("gated")) {
                for (Jdk jdk : jdks) {
                    section("gated calls on " + jdk);
                    addAll(report, jmh.gated(jdk, agentArg), jdk);
                }
            }
            if (parts.contains("peers")) {
                section("peers and uncached checks on " + newest);
                addAll(report, jmh.peers(newest, redis.port()), newest);
            }
            if (parts.contains("threads")) {
                for (Jdk jdk : jdks) {
                    section("throughput with 1, 2, 4, 8 threads on " + jdk);
                    addAll(report, jmh.threads(jdk, agentArg), jdk);
                }
            }
            if (parts.contains("propagation")) {
                PropagationBench propagation = new PropagationBench(agent, out, redis);
                for (Jdk jdk : jdks) {
                    section("propagation on " + jdk);
                    report.add(propagation.run(jdk, settings.propagationWarmup(), settings.propagationChanges()));
                }
            }
            if (parts.contains("startup")) {
                StartupBench startup = new StartupBench(agent, out.resolve("startup"), settings.startupClasses(), redis);
                for (Jdk jdk : jdks) {
                    section("start-up on " + jdk);
                    report.add(startup.run(jdk, settings.startupRuns()));
                }
            }
            if (parts.contains("startup-real")) {
                RealStartupBench real = new RealStartupBench(agent, fixture, out.resolve("startup-real"), redis);
                for (Jdk jdk : jdks) {
                    section("start-up of petclinic-like on " + jdk);
                    report.add(real.run(jdk, settings.realStartupRuns()));
                }
            }
            if (parts.contains("footprint")) {
                FootprintBench footprint = new FootprintBench(agent, out.resolve("footprint"), redis);
                for (Jdk jdk : jdks) {
                    section("footprint of an idle application on " + jdk);
                    report.add(footprint.run(jdk, Math.min(5, settings.startupRuns())));
                }
            }
            Path md = out.resolve("results.md");
            report.write(md);
            System.out.println();
            System.out.println(Files.readString(md));
            System.out.println("Results: " + md);
        }
        System.exit(0);
    }


    private static void addAll(Report report, java.util.Collection<RunResult> results, Jdk jdk) {
        results.forEach(r -> report.add(Measurement.of(r, jdk.name())));
    }

    private static void section(String title) {
        System.out.println();
        System.out.println("==== " + title + " ====");
    }

    private static Set<String> only(String list) {
        Set<String> chosen = new LinkedHashSet<>();
        for (String p : list.split(",")) {
            if (!PARTS.contains(p.trim())) {
                usage("--only takes some of " + String.join(",", PARTS) + ", got " + p);
            }
            chosen.add(p.trim());
        }
        return chosen;
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            usage(option + " needs a value");
        }
        return args[i];
    }

    private static void usage(String problem) {
        System.err.println("pancake-bench: " + problem);
        System.err.println("usage: java -jar pancake-bench.jar --agent AGENT_JAR [--jdk JDK_HOME]... [--fixture PETCLINIC_JAR]"
                + " [--out DIR]"
                + " [--quick] [--only " + String.join(",", PARTS) + "]");
        System.exit(2);
    }
}
