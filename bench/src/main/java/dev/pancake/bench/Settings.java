package dev.pancake.bench;

/**
 * How long each part runs. The full run takes about 20 minutes on 2 cores; {@code --quick} checks that everything
 * works in a few minutes, with numbers too rough to quote.
 */
public record Settings(boolean quick, int forks, int warmupIterations, int measurementIterations, int threadForks,
        int threadWarmupIterations, int threadMeasurementIterations, int propagationWarmup, int propagationChanges,
        int startupRuns, int startupClasses, int realStartupRuns) {

    public static Settings fullRun() {
        return new Settings(false, 2, 3, 5, 2, 2, 3, 5_000, 1_000, 10, 10_000, 8);
    }

    public static Settings quickRun() {
        return new Settings(true, 1, 1, 2, 1, 1, 1, 500, 200, 2, 10_000, 1);
    }

    /** For the report: what the JMH numbers rest on. */
    public String describeJmh() {
        return forks + " forks x " + measurementIterations + " x 1 s measured, after " + warmupIterations
                + " x 1 s of warm-up; throughput: " + threadForks + " forks x " + threadMeasurementIterations
                + " x 1 s after " + threadWarmupIterations + " x 1 s";
    }
}
