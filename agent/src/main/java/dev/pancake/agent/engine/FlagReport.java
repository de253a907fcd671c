package dev.pancake.agent.engine;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import dev.pancake.agent.config.Config;
import dev.pancake.agent.config.FlagDef;
import dev.pancake.agent.config.FlagType;
import dev.pancake.agent.config.GroupDef;
import dev.pancake.agent.config.Percent;
import dev.pancake.agent.protocol.Keys;
import dev.pancake.agent.protocol.StoredValue;
import dev.pancake.agent.protocol.TrackingSets;
import dev.pancake.agent.store.Store;
import dev.pancake.agent.store.StoreException;

/**
 * One flag as the operator surfaces show it (CLI {@code list}, JMX, admin page). Never holds
 * secrets.
 *
 * @param declared  false for a flag used in code but missing from pancake.yml (always inactive)
 * @param defaultText true/false, or a sample's percentage
 * @param stored    the valid value in the store ("1", "0", "42.5"), or null when absent
 * @param current   what the flag is now: true/false, or a sample's percentage
 * @param overrides a flag's overrides: group to (id to state)
 * @param counts    evaluations in this JVM, or null when read from the store (CLI)
 * @param methods   the gated methods that use it (empty when read from the store)
 */
public record FlagReport(String name, FlagType type, boolean declared, String defaultText, String stored,
        String current, Map<String, Map<String, Boolean>> overrides, Counts counts, List<String> methods) {

    private static final int READ_CHUNK = 1_000;

    /** Evaluation counts. */
    public record Counts(long active, long inactive, long fallback, long error) {
        static Counts of(Counters c) {
            return new Counts(c.get(Counters.ACTIVE), c.get(Counters.INACTIVE), c.get(Counters.FALLBACK),
                    c.get(Counters.ERROR));
        }
    }

    /** The value to show for a stored value and a default. */
    static String current(FlagType type, String stored, FlagDef def) {
        if (type == FlagType.SAMPLE) {
            double p = stored == null ? -1 : Percent.parse(stored);
            return Percent.format(p >= 0 ? p : def.defaultPercent());
        }
        Boolean on = StoredValue.onOff(stored);
        return Boolean.toString(on != null ? on : def.defaultActive());
    }

    /**
     * Reads every declared flag from the store, without an engine (the CLI's view): the main
     * keys in one round trip, and each flag's overrides through the tracking sets (as the engine
     * reads them: a tracking set that is not a set, or that lists too many members, is reported in
     * one line and the other flags are shown as they are).
     */
    public static List<FlagReport> read(Config config, Store store) throws StoreException {
        Keys keys = new Keys(config.namespace());
        List<String> mainKeys = new ArrayList<>();
        for (FlagDef def : config.flags().values()) {
            mainKeys.add(keys.main(def.type(), def.name()));
        }
        Map<String, String> values = new HashMap<>(store.get(mainKeys));
        Map<String, Map<String, List<String>>> overrideKeys = new HashMap<>();
        List<String> allOverrideKeys = new ArrayList<>();
        for (FlagDef def : config.flags().values()) {
            if (def.type() != FlagType.FLAG) {
                continue;
            }
            Map<String, List<String>> byGroup = new LinkedHashMap<>();
            for (GroupDef g : config.groups()) {
                List<String> members = new ArrayList<>(TrackingSets.members(store, keys.tracking(g.name(), def.name()),
                        keys.override(g.name(), def.name(), "ID")));
                Collections.sort(members);
                byGroup.put(g.name(), members);
                allOverrideKeys.addAll(members);
            }
            overrideKeys.put(def.name(), byGroup);
        }
        for (int from = 0; from < allOverrideKeys.size(); from += READ_CHUNK) { // one pipeline per chunk
            values.putAll(store.get(allOverrideKeys.subList(from, Math.min(from + READ_CHUNK, allOverrideKeys.size()))));
        }
        List<FlagReport> out = new ArrayList<>();
        for (FlagDef def : config.flags().values()) {
            String raw = values.get(keys.main(def.type(), def.name()));
            String stored = valid(def.type(), raw);
            Map<String, Map<String, Boolean>> overrides = new LinkedHashMap<>();
            for (Map.Entry<String, List<String>> g : overrideKeys.getOrDefault(def.name(), Map.of()).entrySet()) {
                Map<String, Boolean> ids = new TreeMap<>();
                for (String key : g.getValue()) {
                    Keys.Ref ref = keys.parse(key);
                    String v = valid(FlagType.FLAG, values.get(key));
                    if (ref != null && ref.kind() == Keys.Ref.Kind.OVERRIDE && v != null) {
                        ids.put(ref.id(), StoredValue.onOff(v));
                    }
                }
                overrides.put(g.getKey(), Collections.unmodifiableMap(ids));
            }
            out.add(new FlagReport(def.name(), def.type(), true, def.defaultText(), stored,
                    current(def.type(), stored, def), Collections.unmodifiableMap(overrides), null, List.of()));
        }
        return out;
    }

    static String valid(FlagType type, String raw) {
        return StoredValue.valid(type, raw) ? raw : null;
    }
}
