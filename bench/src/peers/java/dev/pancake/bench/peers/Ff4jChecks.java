package dev.pancake.bench.peers;

import java.util.concurrent.TimeUnit;

import org.ff4j.FF4j;
import org.ff4j.core.Feature;
import org.ff4j.strategy.PonderationStrategy;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** FF4J 2.1 with its default in-memory feature store ({@code new FF4j()}). */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Benchmark)
public class Ff4jChecks {

    private FF4j ff4j;

    @Setup
    public void setUp() {
        ff4j = new FF4j();
        ff4j.createFeature(new Feature("switch", true));
        Feature sample = new Feature("sample", true);
        sample.setFlippingStrategy(new PonderationStrategy(0.5));
        ff4j.createFeature(sample);
        PeerChecks.expect("FF4J check(switch)", ff4j.check("switch"), true);
    }

    /** A plain on/off feature: the Switch row. */
    @Benchmark
    public boolean check() {
        return ff4j.check("switch");
    }

    /** A feature with a 50 % {@link PonderationStrategy}: the Sample row. */
    @Benchmark
    public boolean checkPonderation() {
        return ff4j.check("sample");
    }
}
