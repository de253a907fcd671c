package dev.pancake.bench.redis;

import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import redis.clients.jedis.RedisClient;

/**
 * For scale: what a check costs when it asks Redis every time, on loopback. The runner starts the server and passes
 * its port as {@code -Dbench.redis.port}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Benchmark)
public class UncachedChecks {

    private static final String KEY = "SWITCH:pancake:BENCH_UNCACHED";

    private RedisClient client;

    @Setup
    public void connect() {
        Integer port = Integer.getInteger("bench.redis.port");
        if (port == null) {
            throw new IllegalStateException("-Dbench.redis.port is not set; run these benchmarks with bench/run.sh");
        }
        client = RedisClient.builder().hostAndPort("127.0.0.1", port).build();
        client.set(KEY, "1");
    }

    @TearDown
    public void close() {
        client.close();
    }

    /** One {@code GET} with Jedis 8's pooled client. */
    @Benchmark
    public String jedisGet() {
        return client.get(KEY);
    }

    /**
     * What flask-pancake 0.5's {@code Switch.is_active()} sends: {@code SETNX} of the default (it writes defaults on
     * read), then {@code GET}: two round trips.
     */
    @Benchmark
    public boolean flaskPancakeStyleIsActive() {
        client.setnx(KEY, "0");
        return "1".equals(client.get(KEY));
    }
}
