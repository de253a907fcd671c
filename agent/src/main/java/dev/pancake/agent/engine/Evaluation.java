package dev.pancake.agent.engine;

import java.util.concurrent.ThreadLocalRandom;

/**
 * The evaluation rules of SPEC §4, shared by gated calls and the programmatic API. Reads only the
 * snapshot, the override maps and the group accessors: no I/O, no lock, no allocation.
 */
final class Evaluation {

    private Evaluation() {}

    /** A switch: its stored state, else its default. */
    static boolean switchActive(FlagState.Snapshot s) {
        return s.active();
    }

    /**
     * A flag: the first group (in pancake.yml order) whose accessor yields an id that has an
     * override decides; else the global state, else the default. Groups without any override
     * are skipped without reading their accessor.
     */
    static boolean flagActive(FlagState flag, FlagState.Snapshot s, LoaderContext context) {
        Overrides[] byGroup = s.byGroup();
        for (int i = 0; i < byGroup.length; i++) {
            Overrides o = byGroup[i];
            if (o.isEmpty()) {
                continue;
            }
            String id = context.id(i, flag);
            if (id == null) {
                continue;
            }
            Boolean b = o.get(id);
            if (b != null) {
                return b;
            }
        }
        return s.active();
    }

    /**
     * A sample: active when a draw in [0, 100) is below the percentage, so 0 is never and 100 is
     * always. Sticky samples draw from the id (a stable hash); without an id they draw at random.
     */
    static boolean sampleActive(FlagState flag, FlagState.Snapshot s, LoaderContext context) {
        double p = s.percent();
        if (p <= 0) {
            return false;
        }
        if (p >= 100) {
            return true;
        }
        if (s.sticky() >= 0) {
            String id = context.id(s.sticky(), flag);
            if (id != null) {
                return StickyHash.percentile(flag.name, id) < p;
            }
        }
        return ThreadLocalRandom.current().nextDouble() * 100.0 < p;
    }

    static boolean active(FlagState flag, FlagState.Snapshot s, LoaderContext context) {
        switch (flag.type) {
            case SWITCH: return switchActive(s);
            case FLAG: return flagActive(flag, s, context);
            default: return sampleActive(flag, s, context);
        }
    }
}
