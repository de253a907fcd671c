package dev.pancake;

/**
 * A sample: active for a percentage of calls (or, with {@code sticky:} in pancake.yml, of users).
 * Reads and writes the same Redis key as flask-pancake's {@code Sample}
 * ({@code SAMPLE:{namespace}:{NAME}}, a decimal percentage).
 *
 * <p>Without the agent attached, {@link #isActive()} is false (0 %) and the writes throw
 * {@link IllegalStateException}.
 */
public final class Sample {

    private static final StackWalker WALKER = StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE);

    private final String name;
    private final Class<?> caller;
    private volatile Object handle;

    private Sample(String name, Class<?> caller) {
        this.name = name;
        this.caller = caller;
    }

    /** The sample with this name. Keep the result in a field: {@code of} looks up its caller. */
    public static Sample of(String name) {
        return new Sample(AgentLink.normalize(name), WALKER.getCallerClass());
    }

    /** The upper-case name. */
    public String name() {
        return name;
    }

    public boolean isActive() {
        Object h = handle();
        return h != null && AgentLink.isActive(h);
    }

    /**
     * Sets the percentage, 0 to 100.
     *
     * @throws IllegalArgumentException when the percentage is outside 0..100 or not a number
     */
    public void set(double percent) {
        if (!(percent >= 0 && percent <= 100)) {
            throw new IllegalArgumentException("pancake: sample " + name + ": percent must be in 0..100, got " + percent);
        }
        AgentLink.command("SAMPLE", name, handle(), "set", null, null, Double.toString(percent));
    }

    /** Removes the sample from the store, so its default from pancake.yml applies again. */
    public void clear() {
        AgentLink.command("SAMPLE", name, handle(), "clear", null, null, null);
    }

    private Object handle() {
        Object h = handle;
        if (h == null) {
            h = AgentLink.handle("SAMPLE", name, caller);
            handle = h;
        }
        return h;
    }

    @Override
    public String toString() {
        return "Sample(" + name + ")";
    }
}
