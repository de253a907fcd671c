package dev.pancake.bench.peers;

import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.togglz.core.Feature;
import org.togglz.core.activation.GradualActivationStrategy;
import org.togglz.core.manager.FeatureManager;
import org.togglz.core.manager.FeatureManagerBuilder;
import org.togglz.core.repository.FeatureState;
import org.togglz.core.repository.mem.InMemoryStateRepository;
import org.togglz.core.user.SimpleFeatureUser;
import org.togglz.core.user.thread.ThreadLocalUserProvider;

/**
 * Togglz 4 as its documentation sets it up in memory: an enum of features, an {@link InMemoryStateRepository}, and a
 * {@link ThreadLocalUserProvider} holding the current user.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
public class TogglzChecks {

    /** The application's features. */
    public enum Features implements Feature {
        SWITCH, ROLLOUT
    }

    private FeatureManager manager;

    @Setup(Level.Trial)
    public void setUp() {
        manager = new FeatureManagerBuilder()
                .featureEnum(Features.class)
                .stateRepository(new InMemoryStateRepository())
                .userProvider(new ThreadLocalUserProvider())
                .build();
        manager.setFeatureState(new FeatureState(Features.SWITCH, true));
        manager.setFeatureState(new FeatureState(Features.ROLLOUT, true)
                .setStrategyId(GradualActivationStrategy.ID)
                .setParameter(GradualActivationStrategy.PARAM_PERCENTAGE, "50"));
        ThreadLocalUserProvider.bind(new SimpleFeatureUser(PeerChecks.USER));
        PeerChecks.expect("Togglz isActive(SWITCH)", manager.isActive(Features.SWITCH), true);
    }

    /** A plain on/off feature: the Switch row. */
    @Benchmark
    public boolean isActive() {
        return manager.isActive(Features.SWITCH);
    }

    /** Gradual rollout (50 %) for the ThreadLocal user: the Flag-with-a-user row. */
    @Benchmark
    public boolean gradualRolloutWithUser() {
        return manager.isActive(Features.ROLLOUT);
    }
}
