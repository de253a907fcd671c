package dev.pancake.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * The JMH runs: each forks its benchmark JVMs from the JDK it is given (JMH's {@code jvm} option), with the benchmark
 * jar's class path, and writes its JSON next to the report.
 */
final class JmhSuites {

    static final String GATED = "dev\\.pancake\\.bench\\.gated\\.GatedCalls\\.";
    static final String PEERS = "dev\\.pancake\\.bench\\.(peers|redis)\\.";
    static final List<String> PEER_CLASSES = List.of("TogglzChecks", "Ff4jChecks", "UnleashChecks", "OpenFeatureChecks");
    static final List<String> THREADED = List.of("ungated", "switchOn", "flagUserOverridden");
    static final int[] THREADS = {1, 2, 4, 8};

    private final Settings settings;
    private final Path out;

    JmhSuites(Settings settings, Path out) {
        this.settings = settings;
        this.out = out;
    }

    /** Gated calls and their ungated twin, one thread, average time and allocation, under the agent. */
    Collection<RunResult> gated(Jdk jdk, String agentArg) throws RunnerException {
        return new Runner(averageTime(jdk, "gated-java" + jdk.name())
                .include(GATED)
                .jvmArgsAppend(agentArg)
                .build()).run();
    }

    /** The peers and the uncached Redis checks, without the agent, as their users run them. */
    Collection<RunResult> peers(Jdk jdk, int redisPort) throws RunnerException {
        Collection<RunResult> results = new Runner(averageTime(jdk, "peers-java" + jdk.name())
                .include(PEERS)
                .jvmArgsAppend("-Dbench.redis.port=" + redisPort)
                .build()).run();
        for (String peer : PEER_CLASSES) {
            if (results.stream().noneMatch(r -> r.getParams().getBenchmark().contains(".peers." + peer + "."))) {
                throw new IllegalStateException("no " + peer + " benchmark ran: the benchmark jar's JMH list lacks the"
                        + " peers (src/peers/java); rebuild it from scratch (bench/run.sh does)");
            }
        }
        return results;
    }

    /** Throughput of gated calls with 1, 2, 4 and 8 threads. */
    Collection<RunResult> threads(Jdk jdk, String agentArg) throws RunnerException {
        List<RunResult> all = new ArrayList<>();
        for (int t : THREADS) {
            all.addAll(new Runner(common(jdk, "threads" + t + "-java" + jdk.name())
                    .include(GATED + "(" + String.join("|", THREADED) + ")$")
                    .mode(Mode.Throughput)
                    .timeUnit(TimeUnit.MICROSECONDS)
                    .threads(t)
                    .forks(settings.threadForks())
                    .warmupIterations(settings.threadWarmupIterations())
                    .measurementIterations(settings.threadMeasurementIterations())
                    .jvmArgsAppend(agentArg)
                    .build()).run());
        }
        return all;
    }

    private ChainedOptionsBuilder averageTime(Jdk jdk, String name) {
        return common(jdk, name)
                .mode(Mode.AverageTime)
                .timeUnit(TimeUnit.NANOSECONDS)
                .forks(settings.forks())
                .warmupIterations(settings.warmupIterations())
                .measurementIterations(settings.measurementIterations())
                .addProfiler(GCProfiler.class);
    }

    private ChainedOptionsBuilder common(Jdk jdk, String name) {
        List<String> jvmArgs = new ArrayList<>(List.of("-Xms1g", "-Xmx1g"));
        if (jdk.feature() >= 24) {
            jvmArgs.add("--sun-misc-unsafe-memory-access=allow"); // JMH's own use of Unsafe, warned about since 24
        }
        return new OptionsBuilder()
                .jvm(jdk.java().toString())
                .jvmArgs(jvmArgs.toArray(new String[0]))
                .warmupTime(TimeValue.seconds(1))
                .measurementTime(TimeValue.seconds(1))
                .shouldFailOnError(true)
                .resultFormat(ResultFormatType.JSON)
                .result(out.resolve("jmh-" + name + ".json").toString());
    }
}
