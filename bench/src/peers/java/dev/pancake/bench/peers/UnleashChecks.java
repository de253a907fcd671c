package dev.pancake.bench.peers;

import java.util.Optional;
import java.util.concurrent.TimeUnit;

import io.getunleash.DefaultUnleash;
import io.getunleash.UnleashContext;
import io.getunleash.util.UnleashConfig;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Unleash's Java SDK 11 ({@link DefaultUnleash}) without a server: toggles from a bootstrap document, polling and
 * metrics off. The API URL is never contacted.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Benchmark)
public class UnleashChecks {

    /** The client API's toggle document: a plain feature, and one on for the user {@link PeerChecks#USER} only. */
    private static final String TOGGLES = """
            {"version": 2, "features": [
              {"name": "switch", "enabled": true, "strategies": [{"name": "default"}]},
              {"name": "user", "enabled": true,
               "strategies": [{"name": "userWithId", "parameters": {"userIds": "%s"}}]}
            ]}""".formatted(PeerChecks.USER);

    private DefaultUnleash unleash;
    private UnleashContext context;

    @Setup
    public void setUp() {
        UnleashConfig config = UnleashConfig.builder()
                .appName("pancake-bench")
                .unleashAPI("http://127.0.0.1:9/api/")
                .disablePolling()
                .disableMetrics()
                .toggleBootstrapProvider(() -> Optional.of(TOGGLES))
                .build();
        unleash = new DefaultUnleash(config);
        context = UnleashContext.builder().userId(PeerChecks.USER).build();
        PeerChecks.expect("Unleash isEnabled(switch)", unleash.isEnabled("switch"), true);
        PeerChecks.expect("Unleash isEnabled(user, " + PeerChecks.USER + ")", unleash.isEnabled("user", context), true);
    }

    @TearDown
    public void tearDown() {
        unleash.shutdown();
    }

    /** A plain feature: the Switch row. */
    @Benchmark
    public boolean isEnabled() {
        return unleash.isEnabled("switch");
    }

    /** A feature with a userWithId strategy, checked with the user's context: the Flag-with-a-user row. */
    @Benchmark
    public boolean isEnabledWithUser() {
        return unleash.isEnabled("user", context);
    }
}
