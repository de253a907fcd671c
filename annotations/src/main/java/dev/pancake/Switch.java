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

    private final String name;
    private volatile Object handle;

    private Switch(String name) {
        this.name = name;
    }

    public static Switch of(String name) {
        return new Switch(AgentLink.normalize(name));
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
            h = AgentLink.handle("SWITCH", name, Switch.class);
            handle = h;
        }
        return h;
    }

    @Override
    public String toString() {
        return "Switch(" + name + ")";
    }
}
