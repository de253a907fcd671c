package dev.pancake.agent.engine;

import dev.pancake.bridge.Gate;

/**
 * The gate of a method while the agent cannot decide: it is still starting, or it could not
 * start. The flag counts as inactive, so the body never runs, and the fallback is
 * {@code skip} for the method's return type (void, zero, false, empty, null): the one configured
 * in pancake.yml is not known, or not in force, without the engine.
 */
public final class UndecidedGate extends Gate {

    private final Fallback skip;

    public UndecidedGate(MethodInfo method) {
        this.skip = FallbackPlanner.skip(method.returnType());
    }

    @Override
    public boolean enter() {
        return false;
    }

    @Override
    public Object fallback(Class<?> type, Object self, Object[] args) throws Throwable {
        try {
            return skip.produce(type, self, args);
        } catch (Fallback.Unusable e) {
            return null; // an empty array or collection of a type this loader cannot make: a reference type
        }
    }
}
