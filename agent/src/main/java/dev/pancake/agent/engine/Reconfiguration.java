package dev.pancake.agent.engine;

import java.util.Objects;

import dev.pancake.agent.config.ArgumentOverrides;
import dev.pancake.agent.config.Config;
import dev.pancake.agent.log.Secrets;
import dev.pancake.agent.store.Stores;

/**
 * Every change of the running configuration, in one place and one at a time: an edited
 * pancake.yml, and a test JVM switching between its in-memory store and a test Redis. The agent's
 * arguments ({@link ArgumentOverrides}) apply to each.
 */
public final class Reconfiguration {

    /** How long a switch to a test Redis may take, connecting and reading included. */
    static final long SWITCH_TIMEOUT_MS = 30_000;

    private final Engine engine;
    private final ArgumentOverrides overrides;

    public Reconfiguration(Engine engine, ArgumentOverrides overrides) {
        this.engine = engine;
        this.overrides = overrides;
    }

    /** Applies a new reading of pancake.yml, with a new store when its Redis settings changed. */
    public synchronized void apply(Config fromFile) {
        Config next = overrides.apply(fromFile);
        boolean newStore = !Objects.equals(engine.config().redis(), next.redis());
        engine.reload(next, newStore ? Stores.open(next.redis()) : null);
    }

    /**
     * Moves a test JVM's flags to the Redis at {@code url}, under the JVM's own namespace, or back
     * to the in-memory store when {@code url} is null; returns where they are now. Returns once the
     * new store has been read.
     *
     * @throws IllegalStateException    in a JVM not started with {@code store=memory}, or when the
     *                                  Redis cannot be used (the in-memory store is back then)
     * @throws IllegalArgumentException for a URL that is not redis:// or rediss://
     */
    public synchronized String useTestRedis(String url) {
        overrides.useTestRedis(url);
        apply(engine.config());
        if (!engine.sync.awaitIdle(SWITCH_TIMEOUT_MS) || !engine.storeUp()) {
            String problem = engine.storeProblem();
            overrides.useTestRedis(null);
            apply(engine.config());
            throw new IllegalStateException("the test Redis " + Secrets.redactUrl(url) + " cannot be used: "
                    + (problem == null ? "it did not answer within " + SWITCH_TIMEOUT_MS / 1000 + " s" : problem));
        }
        return where();
    }

    /** Where a test JVM's flags are: the store, and the namespace when it is a Redis. */
    public String where() {
        String store = Secrets.scrub(engine.store().describe());
        return overrides.testRedis() == null ? store : store + ", namespace " + overrides.testNamespace();
    }

    public boolean forTests() {
        return overrides.forTests();
    }
}
