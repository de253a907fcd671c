package dev.pancake.bridge;

/**
 * One gated method: decides on every call whether the method body runs, and produces the
 * fallback when it does not. Implemented by the agent's engine.
 */
public abstract class Gate {

    /** True when the method body should run. Called on every call of the gated method. */
    public abstract boolean enter();

    /**
     * The value the gated method returns instead of running its body (ignored for {@code void}).
     * May throw {@code FeatureDisabledException}, or whatever a {@code call} fallback throws.
     *
     * @param type the class that declares the gated method
     * @param self the instance, or null for a static method
     * @param args the call's arguments
     */
    public abstract Object fallback(Class<?> type, Object self, Object[] args) throws Throwable;

    /**
     * {@link #enter()} threw: the call counts as inactive and runs the fallback. Lets the agent
     * count and report it. Called only on that failure path.
     */
    public void failed(Throwable cause) {
    }
}
