package dev.pancake;

/**
 * A switch: on or off for everybody. Reads and writes the same Redis key as flask-pancake's
 * {@code Switch} ({@code SWITCH:{namespace}:{NAME}}).
 *
 * <pre>{@code
 * private static final Switch NEW_CHECKOUT = Switch.of("NEW_CHECKOUT");
 * if (NEW_CHECKOUT.isActive()) { ... }
 * }</pre>
 *
 * <p>Without the agent attached, {@link #isActive()} is false and the writes throw
 * {@link IllegalStateException}.
 */
public final class Switch {

    private static final StackWalker WALKER = StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE);

    private final String name;
    private final Class<?> caller;
    private volatile Object handle;

    private Switch(String name, Class<?> caller) {
        this.name = name;
        this.caller = caller;
    }

    /** The switch with this name. Keep the result in a field: {@code of} looks up its caller. */
    public static Switch of(String name) {
        return new Switch(AgentLink.normalize(name), WALKER.getCallerClass());
    }

    /** The upper-case name. */
    public String name() {
        return name;
    }

    public boolean isActive() {
        Object h = handle();
        return h != null && AgentLink.isActive(h);
    }

    public void enable() {
        AgentLink.command("SWITCH", name, handle(), "enable", null, null, null);
    }

    public void disable() {
        AgentLink.command("SWITCH", name, handle(), "disable", null, null, null);
    }

    /** Removes the switch from the store, so its default from pancake.yml applies again. */
    public void clear() {
        AgentLink.command("SWITCH", name, handle(), "clear", null, null, null);
    }

    private Object handle() {
        Object h = handle;
        if (h == null) {
            h = AgentLink.handle("SWITCH", name, caller);
            handle = h;
        }
        return h;
    }

    @Override
    public String toString() {
        return "Switch(" + name + ")";
    }
}
