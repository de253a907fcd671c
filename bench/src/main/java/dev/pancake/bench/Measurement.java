package dev.pancake.bench;

import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;

/**
 * One JMH result: benchmark {@code Class.method}, the JDK it ran on, its threads, the score with its 99.9 % error,
 * and the bytes allocated per operation ({@code -prof gc}, NaN when not profiled).
 */
record Measurement(String benchmark, String jdk, int threads, double score, double error, String unit,
        double bytesPerOp) {

    static Measurement of(RunResult run, String jdk) {
        String full = run.getParams().getBenchmark();
        int method = full.lastIndexOf('.');
        String name = full.substring(full.lastIndexOf('.', method - 1) + 1);
        double bytes = Double.NaN;
        for (var e : run.getSecondaryResults().entrySet()) {
            if (e.getKey().endsWith("gc.alloc.rate.norm")) {
                bytes = e.getValue().getScore();
            }
        }
        Result<?> primary = run.getPrimaryResult();
        return new Measurement(name, jdk, run.getParams().getThreads(), primary.getScore(), primary.getScoreError(),
                primary.getScoreUnit(), bytes);
    }
}
