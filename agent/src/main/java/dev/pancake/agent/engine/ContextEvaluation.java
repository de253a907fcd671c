package dev.pancake.agent.engine;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import dev.pancake.agent.config.Config;
import dev.pancake.agent.config.GroupDef;

/**
 * The evaluation rules of {@link Evaluation}, for ids that the caller passes (group name to id)
 * instead of those the calling thread's group accessors yield: what an OpenFeature evaluation
 * context supplies. It also tells what decided the answer, which a gated call has no use for, so
 * it is a class of its own and the gated call's path stays as it is.
 */
final class ContextEvaluation {

    static final String STORED = "stored";
    static final String OVERRIDE = "override";
    static final String PERCENTAGE = "percentage";
    static final String DEFAULT = "default";
    static final String UNDECIDED = "undecided";

    private ContextEvaluation() {}

    /**
     * {@code "on:"} or {@code "off:"} and what decided (see {@link dev.pancake.bridge.Api#evaluate});
     * null for a flag that is not declared.
     */
    static String evaluate(Engine engine, String name, Map<String, String> ids) {
        Config cfg = engine.config;
        if (name == null || cfg.flag(name) == null) {
            return null;
        }
        FlagState flag = engine.track(cfg.flag(name).type(), name);
        FlagState.Snapshot s = engine.awaitSnapshot(flag);
        if (s.pending() || !s.declared()) {
            // the first read is not over (or the thread was interrupted): nothing is known to decide with
            return "off:" + UNDECIDED;
        }
        boolean active;
        String source;
        switch (flag.type) {
            case SWITCH:
                active = s.active();
                source = s.stored() != null ? STORED : DEFAULT;
                break;
            case FLAG:
                Boolean override = override(s, cfg.groups(), ids);
                active = override != null ? override : s.active();
                source = override != null ? OVERRIDE : s.stored() != null ? STORED : DEFAULT;
                break;
            default:
                active = sampleActive(flag, s, ids);
                source = PERCENTAGE;
                break;
        }
        flag.counters.count(active);
        return (active ? "on:" : "off:") + source;
    }

    /** The override of the first group (in pancake.yml order) whose id has one; null when none has. */
    private static Boolean override(FlagState.Snapshot s, List<GroupDef> groups, Map<String, String> ids) {
        Overrides[] byGroup = s.byGroup();
        int n = Math.min(byGroup.length, groups.size()); // equal but for a reload that is switching over right now
        for (int i = 0; i < n; i++) {
            if (byGroup[i].isEmpty()) {
                continue;
            }
            String id = ids == null ? null : ids.get(groups.get(i).name());
            Boolean b = id == null ? null : byGroup[i].get(id);
            if (b != null) {
                return b;
            }
        }
        return null;
    }

    /** A Sample: a sticky one hashes the id of its group when there is one; else a random draw. */
    private static boolean sampleActive(FlagState flag, FlagState.Snapshot s, Map<String, String> ids) {
        double p = s.percent();
        if (p <= 0 || p >= 100) {
            return p >= 100;
        }
        String sticky = s.sticky() >= 0 ? s.def().sticky() : null; // a group pancake.yml declares
        String id = sticky == null || ids == null ? null : ids.get(sticky);
        if (id != null) {
            return StickyHash.percentile(flag.name, id) < p;
        }
        return (ThreadLocalRandom.current().nextLong() >>> 11) < s.threshold();
    }
}
