package dev.pancake.agent.engine;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.pancake.agent.config.FlagDef;
import dev.pancake.agent.config.FlagType;

/**
 * Everything known about one flag of one type: its declaration, its value in the store, its
 * overrides and its counts. Gated calls read {@link #snapshot} (one volatile read); the sync
 * thread replaces it whenever the store or pancake.yml changes.
 */
public final class FlagState {

    final FlagType type;
    final String name;
    final String key;
    final Counters counters = new Counters();
    /** FLAG only: overrides by group name. Kept across reloads that reorder groups. */
    final Map<String, Overrides> overrides = new ConcurrentHashMap<>();
    volatile Snapshot snapshot;

    FlagState(FlagType type, String name, String key, Snapshot initial) {
        this.type = type;
        this.name = name;
        this.key = key;
        this.snapshot = initial;
    }

    public FlagType type() {
        return type;
    }

    public String name() {
        return name;
    }

    public String key() {
        return key;
    }

    public Snapshot snapshot() {
        return snapshot;
    }

    public Counters counters() {
        return counters;
    }

    Overrides overridesOf(String group) {
        return overrides.computeIfAbsent(group, g -> new Overrides());
    }

    /** The overrides of a group, id to state, for display. */
    public Map<String, Boolean> overrides(String group) {
        Overrides o = overrides.get(group);
        return o == null ? Map.of() : o.view();
    }

    /**
     * What gated calls read.
     *
     * @param def        the declaration, or null when the flag is used in code but not declared
     *                   (then it is always inactive)
     * @param pending    true until the first read of the store finished (or failed)
     * @param stored     the valid value in the store, or null when absent (or invalid)
     * @param active     a switch's or flag's global state: stored, else default
     * @param percent    a sample's percentage: stored, else default
     * @param byGroup    a flag's overrides, in the order of pancake.yml's groups
     * @param sticky     a sample's sticky group index in pancake.yml's groups, or -1
     * @param threshold  a sample's percentage as a bound on a random draw in [0, 2^53):
     *                   {@link Evaluation#threshold}
     */
    public record Snapshot(FlagDef def, boolean pending, String stored, boolean active, double percent,
            Overrides[] byGroup, int sticky, long threshold) {

        /** A snapshot whose {@code threshold} is derived from {@code percent}, as every snapshot's is. */
        Snapshot(FlagDef def, boolean pending, String stored, boolean active, double percent, Overrides[] byGroup,
                int sticky) {
            this(def, pending, stored, active, percent, byGroup, sticky, Evaluation.threshold(percent));
        }

        public boolean declared() {
            return def != null;
        }

        boolean hasOverrides() {
            for (Overrides o : byGroup) {
                if (!o.isEmpty()) {
                    return true;
                }
            }
            return false;
        }
    }
}
