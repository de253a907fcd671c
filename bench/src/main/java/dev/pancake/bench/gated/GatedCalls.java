package dev.pancake.bench.gated;

import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import dev.pancake.Flag;
import dev.pancake.Switch;

/**
 * Gated calls against their ungated twin, in a JVM started with {@code -javaagent:pancake-agent.jar} and
 * hotpath.yml (the in-memory store). The runner also measures {@link #ungated}, {@link #switchOn} and
 * {@link #flagUserOverridden} in throughput mode with 1, 2, 4 and 8 threads.
 *
 * <p>Each benchmark returns its result, so JMH's blackhole keeps the call alive; the argument is a field, so the body
 * is not folded into a constant.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
public class GatedCalls {

    static final String USER = "user-42";
    private static final Switch API_SWITCH = Switch.of("BENCH_SWITCH");
    private static final Flag API_FLAG = Flag.of("BENCH_FLAG_USER");

    private Shop shop;
    private int x;

    /** Runs on each benchmark thread: the user is a ThreadLocal. */
    @Setup(Level.Trial)
    public void setUp() {
        AgentCheck.requireAgent();
        BenchUser.login(USER);
        Flag.of("BENCH_FLAG_USER").enableUser(USER);
        Flag.of("BENCH_FLAG_OTHER").disableUser("someone-else");
        shop = new Shop();
        x = 41;
        AgentCheck.requireGates(shop, USER);
    }

    @Benchmark
    public int ungated() {
        return shop.plain(x);
    }

    @Benchmark
    public int switchOn() {
        return shop.switchOn(x);
    }

    @Benchmark
    public int switchOff() {
        return shop.switchOff(x);
    }

    @Benchmark
    public int flagNoOverrides() {
        return shop.flagNoOverrides(x);
    }

    @Benchmark
    public int flagOtherUserOverridden() {
        return shop.flagOtherUserOverridden(x);
    }

    @Benchmark
    public int flagUserOverridden() {
        return shop.flagUserOverridden(x);
    }

    @Benchmark
    public int sample() {
        return shop.sample(x);
    }

    @Benchmark
    public boolean apiSwitch() {
        return API_SWITCH.isActive();
    }

    @Benchmark
    public boolean apiFlagUser() {
        return API_FLAG.isActive();
    }
}
