package dev.pancake.agent.engine;

import dev.pancake.agent.log.Log;
import dev.pancake.bridge.Gate;

/**
 * The gate of one instrumented method. {@link #enter()} runs on every call of the method: one
 * volatile read of the flag's snapshot, the evaluation, one counter increment ({@link #counted}).
 */
public abstract class MethodGate extends Gate {

    final Engine engine;
    final FlagState flag;
    final MethodInfo method;
    final LoaderContext context;
    volatile Fallback fallback;
    volatile int id = -1;
    /** The report key of this gate's misfitting fallback, or null; see {@code ConfigApplier.plan}. */
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
     * Counts one evaluation and returns it. {@link #enter()}, which runs on every call of the gated
     * method, is one line in each gate class: the evaluation by the rules of the flag's type (see
     * {@link Evaluation}) on the flag's snapshot, then this.
     *
     * <p>Why not one {@code enter()} here that calls an abstract {@code evaluate()}: that call site
     * would be shared by every gate of every type, so its type profile mixes switches, flags and
     * samples, and the JIT (seen on Java 17) may leave it a virtual call inside every gated method,
     * depending on which gates ran while it was profiled. Each gated method has its own call site of
     * {@code enter()} (see GateWeaver), which sees one final gate class and inlines all of it.
     */
    final boolean counted(boolean active) {
        flag.counters.count(active);
        return active;
    }

    static final class SwitchGate extends MethodGate {
        SwitchGate(Engine engine, FlagState flag, MethodInfo method, LoaderContext context) {
            super(engine, flag, method, context);
        }

        @Override
        public boolean enter() {
            return counted(Evaluation.switchActive(engine.awaitSnapshot(flag)));
        }
    }

    static final class FlagGate extends MethodGate {
        FlagGate(Engine engine, FlagState flag, MethodInfo method, LoaderContext context) {
            super(engine, flag, method, context);
        }

        @Override
        public boolean enter() {
            return counted(Evaluation.flagActive(flag, engine.awaitSnapshot(flag), context));
        }
    }

    static final class SampleGate extends MethodGate {
        SampleGate(Engine engine, FlagState flag, MethodInfo method, LoaderContext context) {
            super(engine, flag, method, context);
        }

        @Override
        public boolean enter() {
            return counted(Evaluation.sampleActive(flag, engine.awaitSnapshot(flag), context));
        }
    }
}
