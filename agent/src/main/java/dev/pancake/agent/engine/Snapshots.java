package dev.pancake.agent.engine;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.pancake.agent.config.Config;
import dev.pancake.agent.config.FlagDef;
import dev.pancake.agent.config.FlagType;
import dev.pancake.agent.config.GroupDef;
import dev.pancake.agent.config.Percent;
import dev.pancake.agent.log.Log;
import dev.pancake.agent.protocol.StoredValue;

/**
 * Builds a flag's snapshot (what gated calls read) from pancake.yml and the raw store values kept
 * here, and checks those values. It changes no snapshot itself: whoever holds the sync lock
 * ({@link StoreSync}) stores what it builds, except that a flag's first use builds its first one.
 */
final class Snapshots {

    /**
     * Raw store values of the keys the engine reads. Written by the sync thread only; concurrent
     * because a flag first used by an application thread builds its snapshot from it.
     */
    final Map<String, String> stored = new ConcurrentHashMap<>();

    FlagState.Snapshot build(FlagState f, Config cfg, boolean pending) {
        FlagDef def = cfg.flag(f.name);
        String raw = stored.get(f.key);
        if (def == null) {
            return new FlagState.Snapshot(null, false, null, false, 0, new Overrides[0], -1);
        }
        String valid = valid(f.type, f.key, raw);
        boolean active = false;
        double percent = 0;
        if (f.type == FlagType.SAMPLE) {
            percent = valid != null ? Percent.parse(valid) : defaultPercent(def);
        } else {
            active = valid != null ? "1".equals(valid) : defaultActive(def);
        }
        Overrides[] byGroup = new Overrides[0];
        int sticky = -1;
        List<GroupDef> groups = cfg.groups();
        if (f.type == FlagType.FLAG) {
            byGroup = new Overrides[groups.size()];
            for (int i = 0; i < byGroup.length; i++) {
                byGroup[i] = f.overridesOf(groups.get(i).name());
            }
        } else if (f.type == FlagType.SAMPLE && def.sticky() != null) {
            for (int i = 0; i < groups.size(); i++) {
                if (groups.get(i).name().equals(def.sticky())) {
                    sticky = i;
                }
            }
        }
        return new FlagState.Snapshot(def, pending, valid, active, percent, byGroup, sticky);
    }

    static boolean defaultActive(FlagDef def) {
        return def.type() == FlagType.SAMPLE ? def.defaultPercent() >= 100 : def.defaultActive();
    }

    static double defaultPercent(FlagDef def) {
        return def.type() == FlagType.SAMPLE ? def.defaultPercent() : def.defaultActive() ? 100 : 0;
    }

    /** The value if it is valid for the type, else null (absent), reporting a bad value once per key. */
    static String valid(FlagType type, String key, String raw) {
        if (raw == null) {
            return null;
        }
        if (StoredValue.valid(type, raw)) {
            Log.forget("bad-value:" + key);
            return raw;
        }
        Log.once(Log.Level.WARN, "bad-value:" + key, "key " + StoredValue.shortKey(key) + " holds "
                + StoredValue.quoted(raw) + ", expected " + StoredValue.expected(type) + "; it counts as absent");
        return null;
    }
}
