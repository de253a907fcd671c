package dev.pancake.bridge;

/**
 * One flag, as the programmatic API ({@code Switch}, {@code Flag}, {@code Sample}) sees it.
 * Implemented by the agent's engine; the API reaches it through {@link Bridge} by reflection, so
 * only JDK types cross this line.
 */
public abstract class FlagHandle {

    /** Evaluates the flag as a gated call would, in the caller's context (user, groups). */
    public abstract boolean isActive();

    /** A Flag's global state, ignoring per-group overrides. */
    public abstract boolean isActiveGlobally();

    /**
     * Changes the flag in the store.
     *
     * @param verb  enable, disable, clear, set, enable-group, disable-group, clear-group, clear-all-group
     * @param group the group for the *-group verbs, else null
     * @param id    the group member for enable-group, disable-group, clear-group, else null
     * @param value the percentage for set, else null
     * @throws IllegalArgumentException for a verb the flag's type does not have, or a bad value
     * @throws IllegalStateException    when the store cannot be reached
     */
    public abstract void command(String verb, String group, String id, String value);
}
