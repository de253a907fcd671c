package dev.pancake.agent.engine;

import java.util.LinkedHashSet;
import java.util.Set;

import dev.pancake.agent.config.Config;
import dev.pancake.agent.config.FlagType;
import dev.pancake.agent.config.GroupDef;
import dev.pancake.agent.log.Log;
import dev.pancake.agent.protocol.Keys;
import dev.pancake.agent.protocol.StoredValue;
import dev.pancake.agent.protocol.TrackingSets;
import dev.pancake.agent.store.Store;
import dev.pancake.agent.store.StoreException;

/**
 * The keys a full read of the store fetches: every declared flag's main key, every override its
 * tracking sets list, and every override already known (one that redis-cli wrote without its
 * tracking set is known only from the change feed). Runs under the sync lock ({@link StoreSync}).
 */
final class FullReadKeys {

    private FullReadKeys() {}

    static Set<String> wanted(Engine engine, Snapshots snapshots, Store s, Config cfg, Keys k) throws StoreException {
        Set<String> wanted = new LinkedHashSet<>();
        for (FlagState f : engine.flags.values()) {
            if (cfg.flag(f.name) == null) {
                continue;
            }
            wanted.add(f.key);
            if (f.type == FlagType.FLAG) {
                for (GroupDef g : cfg.groups()) {
                    String tracking = k.tracking(g.name(), f.name);
                    String stranger = null;
                    for (String member : TrackingSets.members(s, tracking, k.override(g.name(), f.name, "ID"))) {
                        Keys.Ref ref = k.parse(member);
                        if (ref != null && ref.kind() == Keys.Ref.Kind.OVERRIDE && ref.name().equals(f.name)
                                && ref.group().equals(g.name())) {
                            wanted.add(member);
                        } else {
                            stranger = member;
                        }
                    }
                    if (stranger == null) {
                        Log.forget("bad-member:" + tracking);
                    } else {
                        Log.once(Log.Level.WARN, "bad-member:" + tracking, "key " + tracking + " lists "
                                + StoredValue.quoted(stranger) + ", expected override keys " + k.override(g.name(), f.name, "ID")
                                + "; such members are ignored");
                    }
                }
            }
        }
        // an override written without its tracking set (redis-cli) is known only from the change feed: read it again
        for (String key : snapshots.stored.keySet()) {
            Keys.Ref ref = k.parse(key);
            if (ref != null && ref.kind() == Keys.Ref.Kind.OVERRIDE && cfg.flag(ref.name()) != null
                    && cfg.group(ref.group()) != null) {
                wanted.add(key);
            }
        }
        return wanted;
    }
}
