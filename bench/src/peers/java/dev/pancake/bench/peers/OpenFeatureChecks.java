package dev.pancake.bench.peers;

import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.openfeature.sdk.Client;
import dev.openfeature.sdk.EvaluationContext;
import dev.openfeature.sdk.ImmutableContext;
import dev.openfeature.sdk.OpenFeatureAPI;
import dev.openfeature.sdk.providers.memory.Flag;
import dev.openfeature.sdk.providers.memory.InMemoryProvider;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** The OpenFeature Java SDK with its {@link InMemoryProvider}. */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Benchmark)
public class OpenFeatureChecks {

    private Client client;
    private EvaluationContext user;

    @Setup
    public void setUp() throws Exception {
        Map<String, Flag<?>> flags = Map.of(
                "switch", Flag.<Boolean>builder().variant("on", true).variant("off", false).defaultVariant("on").build(),
                "user", Flag.<Boolean>builder().variant("on", true).variant("off", false).defaultVariant("off")
                        .contextEvaluator((flag, ctx) -> PeerChecks.USER.equals(ctx.getTargetingKey()))
                        .build());
        OpenFeatureAPI api = OpenFeatureAPI.getInstance();
        api.setProviderAndWait(new InMemoryProvider(flags));
        client = api.getClient();
        user = new ImmutableContext(PeerChecks.USER);
        PeerChecks.expect("OpenFeature getBooleanValue(switch)", client.getBooleanValue("switch", false), true);
        PeerChecks.expect("OpenFeature getBooleanValue(user, " + PeerChecks.USER + ")",
                client.getBooleanValue("user", false, user), true);
    }

    /** A flag without context: the Switch row. */
    @Benchmark
    public boolean getBooleanValue() {
        return client.getBooleanValue("switch", false);
    }

    /** A flag whose evaluator targets the user, with the user's targeting key: the Flag-with-a-user row. */
    @Benchmark
    public boolean getBooleanValueWithTargetingKey() {
        return client.getBooleanValue("user", false, user);
    }
}
