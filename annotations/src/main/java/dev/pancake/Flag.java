package dev.pancake;

/**
 * A flag: on or off globally, and overridable per user or per any other group declared under
 * {@code groups:} in pancake.yml. Reads and writes the same Redis keys as flask-pancake's
 * {@code Flag}: {@code FLAG:{ns}:{NAME}} for the global state, {@code FLAG:{ns}:k:{group}:{NAME}:{id}}
 * for an override, and the tracking set {@code FLAG:{ns}:t:{group}:{NAME}}.
 *
 * <p>{@link #isActive()} evaluates like a gated call: the first group (in pancake.yml order) whose
 * accessor yields an id and that has an override decides, else the global state, else the default.
 * Accessors are resolved in the class loader of the class that called {@link #of(String)}.
 *
 * <p>Without the agent attached, {@link #isActive()} is false and the writes throw
 * {@link IllegalStateException}.
 */
public final class Flag {

    private static final StackWalker WALKER = StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE);

    private final String name;
    private final Class<?> caller;
    private volatile Object handle;

    private Flag(String name, Class<?> caller) {
        this.name = name;
        this.caller = caller;
    }

    /** The flag with this name. Keep the result in a field: {@code of} looks up its caller. */
    public static Flag of(String name) {
        return new Flag(AgentLink.normalize(name), WALKER.getCallerClass());
    }

    /** The upper-case name. */
    public String name() {
        return name;
    }

    public boolean isActive() {
        Object h = handle();
        return h != null && AgentLink.isActive(h);
    }

    /** The global state (or the default), ignoring every per-group override. */
    public boolean isActiveGlobally() {
        Object h = handle();
        return h != null && AgentLink.isActiveGlobally(h);
    }

    public void enable() {
        command("enable", null, null);
    }

    public void disable() {
        command("disable", null, null);
    }

    /** Removes the global state, so the default from pancake.yml applies again. Overrides stay. */
    public void clear() {
        command("clear", null, null);
    }

    public void enableGroup(String group, Object id) {
        command("enable-group", requireGroup(group), requireId(id));
    }

    public void disableGroup(String group, Object id) {
        command("disable-group", requireGroup(group), requireId(id));
    }

    public void clearGroup(String group, Object id) {
        command("clear-group", requireGroup(group), requireId(id));
    }

    /** Removes every override of this flag in the group. */
    public void clearAllGroup(String group) {
        command("clear-all-group", requireGroup(group), null);
    }

    public void enableUser(Object id) {
        enableGroup("user", id);
    }

    public void disableUser(Object id) {
        disableGroup("user", id);
    }

    public void clearUser(Object id) {
        clearGroup("user", id);
    }

    public void clearAllUsers() {
        clearAllGroup("user");
    }

    private void command(String verb, String group, Object id) {
        AgentLink.command("FLAG", name, handle(), verb, group, id, null);
    }

    private static String requireGroup(String group) {
        if (group == null || group.isBlank()) {
            throw new IllegalArgumentException("pancake: a group name must not be empty");
        }
        return group;
    }

    private static Object requireId(Object id) {
        if (id == null) {
            throw new IllegalArgumentException("pancake: a group member id must not be null");
        }
        return id;
    }

    private Object handle() {
        Object h = handle;
        if (h == null) {
            h = AgentLink.handle("FLAG", name, caller);
            handle = h;
        }
        return h;
    }

    @Override
    public String toString() {
        return "Flag(" + name + ")";
    }
}
