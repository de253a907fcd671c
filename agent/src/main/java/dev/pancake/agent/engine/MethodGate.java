package dev.pancake.agent.engine;

import dev.pancake.agent.log.Log;
import dev.pancake.bridge.Gate;

/**
 * The gate of one instrumented method. {@link #enter()} runs on every call of the method: one
 * volatile read of the flag's snapshot, the evaluation, one counter increment.
 */
public abstract class MethodGate extends Gate {

    final Engine engine;
    final FlagState flag;
    final MethodInfo method;
    final LoaderContext context;
    volatile Fallback fallback;
    volatile int id = -1;
    /** The report key of this gate's misfitting fallback, or null; see {@code Engine.plan}. */
    volatile String misfitReport;

    MethodGate(Engine engine, FlagState flag, MethodInfo method, LoaderContext context) {
        this.engine = engine;
        this.flag = flag;
        this.method = method;
        this.context = context;
    }

    public int id() {
        return id;
    }

    public MethodInfo method() {
        return method;
    }

    public FlagState flag() {
        return flag;
    }

    @Override
    public Object fallback(Class<?> type, Object self, Object[] args) throws Throwable {
        flag.counters.add(Counters.FALLBACK);
        Fallback f = fallback;
        try {
            return f.produce(type, self, args);
        } catch (Fallback.Unusable e) {
            flag.counters.add(Counters.ERROR);
            Fallback disabled = engine.unusable(this, e.getMessage());
            if (fallback == f) {
                fallback = disabled;
            }
            return disabled.produce(type, self, args);
        }
    }

    /** Counts the failure and reports it once per method and kind of failure. */
    @Override
    public void failed(Throwable cause) {
        flag.counters.add(Counters.ERROR);
        Log.once(Log.Level.ERROR,
                "gate-failed:" + method.signature() + ":" + cause.getClass().getName(),
                "evaluating flag " + flag.name + " for " + method.signature() + " failed with " + cause
                        + "; such calls count as inactive and run the fallback");
    }

    /**
     * Runs on every call of the gated method. Final, so that the JIT, having inlined it into the
     * gated method for the one gate class it sees there, also binds {@link #evaluate} statically.
     */
    @Override
    public final boolean enter() {
        FlagState f = flag;
        boolean active = evaluate(f, engine.ready(f));
        f.counters.count(active);
        return active;
    }

    /** Whether the call is active, by the rules of the flag's type (see {@link Evaluation}). */
    abstract boolean evaluate(FlagState f, FlagState.Snapshot s);

    static final class SwitchGate extends MethodGate {
        SwitchGate(Engine engine, FlagState flag, MethodInfo method, LoaderContext context) {
            super(engine, flag, method, context);
        }

        @Override
        boolean evaluate(FlagState f, FlagState.Snapshot s) {
            return Evaluation.switchActive(s);
        }
    }

    static final class FlagGate extends MethodGate {
        FlagGate(Engine engine, FlagState flag, MethodInfo method, LoaderContext context) {
            super(engine, flag, method, context);
        }

        @Override
        boolean evaluate(FlagState f, FlagState.Snapshot s) {
            return Evaluation.flagActive(f, s, context);
        }
    }

    static final class SampleGate extends MethodGate {
        SampleGate(Engine engine, FlagState flag, MethodInfo method, LoaderContext context) {
            super(engine, flag, method, context);
        }

        @Override
        boolean evaluate(FlagState f, FlagState.Snapshot s) {
            return Evaluation.sampleActive(f, s, context);
        }
    }
}
