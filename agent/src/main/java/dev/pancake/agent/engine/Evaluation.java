package dev.pancake.agent.engine;

import java.util.concurrent.ThreadLocalRandom;

/**
 * The evaluation rules (a Switch's key, a Flag's overrides in group order, then its key, a Sample's percentage), shared by gated calls and the programmatic API. Reads only the
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

    /** 2^53: {@link #sampleActive}'s random draws are in [0, 2^53), as many as a double has steps in [0, 1). */
    private static final double DRAWS = 0x1p53;

    /**
     * A sample: active when a draw in [0, 100) is below the percentage, so 0 is never and 100 is
     * always. Sticky samples draw from the id (a stable hash); without an id they draw at random.
     */
    static boolean sampleActive(FlagState flag, FlagState.Snapshot s, LoaderContext context) {
        if (s.sticky() >= 0) {
            double p = s.percent();
            if (p <= 0 || p >= 100) {
                return p >= 100;
            }
            String id = context.id(s.sticky(), flag);
            if (id != null) {
                return StickyHash.percentile(flag.name, id) < p;
            }
        }
        // ThreadLocalRandom.nextDouble() * 100 < percent, in integers: a 53-bit draw below the threshold
        return (ThreadLocalRandom.current().nextLong() >>> 11) < s.threshold();
    }

    /**
     * The bound for a random draw d in [0, 2^53): d < threshold exactly when d / 2^53 < percent /
     * 100. 0 % gives 0 (never), 100 % gives 2^53 (always).
     */
    static long threshold(double percent) {
        if (percent <= 0) {
            return 0;
        }
        if (percent >= 100) {
            return 1L << 53;
        }
        return (long) Math.ceil(percent / 100.0 * DRAWS);
    }

    static boolean active(FlagState flag, FlagState.Snapshot s, LoaderContext context) {
        switch (flag.type) {
            case SWITCH: return switchActive(s);
            case FLAG: return flagActive(flag, s, context);
            default: return sampleActive(flag, s, context);
        }
    }
}
