package dev.pancake.agent.engine;

import dev.pancake.agent.config.FlagType;
import dev.pancake.agent.history.Origin;
import dev.pancake.agent.protocol.Verb;
import dev.pancake.agent.store.StoreException;
import dev.pancake.bridge.FlagHandle;

/** A flag as the programmatic API ({@code Switch}, {@code Flag}, {@code Sample}) uses it. */
final class ApiHandle extends FlagHandle {

    private final Engine engine;
    private final FlagState flag;
    private final LoaderContext context;

    ApiHandle(Engine engine, FlagState flag, LoaderContext context) {
        this.engine = engine;
        this.flag = flag;
        this.context = context;
    }

    @Override
    public boolean isActive() {
        boolean active = Evaluation.active(flag, engine.awaitSnapshot(flag), context);
        flag.counters.count(active);
        return active;
    }

    @Override
    public boolean isActiveGlobally() {
        FlagState.Snapshot s = engine.awaitSnapshot(flag);
        return flag.type == FlagType.SAMPLE ? s.percent() >= 100 : s.active();
    }

    @Override
    public void command(String verb, String group, String id, String value) {
        try {
            engine.command(flag.type, flag.name, Verb.parse(flag.type, verb), group, id, value,
                    Origin.api(engine.config()));
        } catch (StoreException e) {
            throw new IllegalStateException("pancake: " + e.getMessage());
        }
    }
}
