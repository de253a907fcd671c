package dev.pancake.agent.fleet;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import dev.pancake.agent.config.FlagType;
import dev.pancake.agent.history.HistoryEntry;
import dev.pancake.agent.history.HistoryLog;
import dev.pancake.agent.protocol.Keys;
import dev.pancake.agent.store.Command;
import dev.pancake.agent.store.Store;
import dev.pancake.agent.store.StoreException;

/** Reads the {@link Stale.Facts} of a namespace from Redis: instances, evaluations, keys, values, history. */
public final class StaleFacts {

    /** The most keys of the namespace read; a namespace with more is shown that far. */
    static final int MAX_KEYS = 100_000;

    private StaleFacts() {}

    /**
     * @param declaredHere flags ({@code switch:NAME}) that the reader's own pancake.yml declares
     */
    public static Stale.Facts read(Store store, Keys keys, Collection<String> declaredHere, long now) throws StoreException {
        Set<String> byInstances = new HashSet<>();
        for (Instance i : Fleet.instances(store, keys, now)) {
            for (Instance.FlagUse f : i.flags()) {
                if (f.declared()) {
                    byInstances.add(f.key());
                }
            }
        }
        Set<String> declared = new HashSet<>(byInstances);
        declared.addAll(declaredHere);
        Map<String, List<String>> flagKeys = new TreeMap<>();
        List<String> mainKeys = new ArrayList<>();
        Map<String, Long> evaluated = Fleet.evaluated(store, keys);
        List<HistoryEntry> history = new HistoryLog(keys).read(store, null, HistoryLog.MAX_ENTRIES * 2);
        List<String> found = new ArrayList<>();
        try {
            for (String prefix : keys.prefixes()) {
                found.addAll(scan(store, prefix + "*"));
            }
        } catch (StoreException e) {
            if (!e.refused()) {
                throw e;
            }
            found = known(store, keys, declared, evaluated.keySet(), history); // a Cluster: the flags anyone knows of
        }
        for (String key : found) {
            Keys.Ref ref = keys.parse(key);
            if (ref == null) {
                continue;
            }
            String flag = ref.type().lower() + ":" + ref.name();
            List<String> l = flagKeys.get(flag);
            if (l == null) {
                l = new ArrayList<>();
                flagKeys.put(flag, l);
            }
            l.add(key);
            if (ref.kind() == Keys.Ref.Kind.MAIN) {
                mainKeys.add(key);
            }
        }
        for (List<String> l : flagKeys.values()) {
            l.sort(null);
        }
        Map<String, String> stored = new HashMap<>();
        for (Map.Entry<String, String> e : store.get(mainKeys).entrySet()) {
            Keys.Ref ref = keys.parse(e.getKey());
            if (e.getValue() != null) {
                stored.put(ref.type().lower() + ":" + ref.name(), e.getValue());
            }
        }
        Map<String, Long> lastChange = new HashMap<>();
        long from = -1;
        for (HistoryEntry h : history) {
            lastChange.putIfAbsent(h.type() + ":" + h.flag(), h.time());
            from = h.time();
        }
        return new Stale.Facts(declared, byInstances, evaluated, flagKeys, stored, lastChange, from);
    }

    /**
     * Where the keys cannot be listed (a Cluster): the main keys of the flags that something
     * names (a declaration, an evaluation, the history) and that hold a value. Overrides and
     * tracking sets of such flags are not found this way.
     */
    private static List<String> known(Store store, Keys keys, Set<String> declared, Set<String> evaluated,
            List<HistoryEntry> history) throws StoreException {
        Set<String> flags = new java.util.TreeSet<>(declared);
        flags.addAll(evaluated);
        flags.remove(Heartbeat.SINCE);
        for (HistoryEntry h : history) {
            flags.add(h.type() + ":" + h.flag());
        }
        List<String> candidates = new ArrayList<>();
        for (String f : flags) {
            FlagType type = FlagType.parse(f.substring(0, Math.max(0, f.indexOf(':'))));
            if (type != null) {
                candidates.add(keys.main(type, f.substring(f.indexOf(':') + 1)));
            }
        }
        List<String> out = new ArrayList<>();
        for (Map.Entry<String, String> e : store.get(candidates).entrySet()) {
            if (e.getValue() != null) {
                out.add(e.getKey());
            }
        }
        return out;
    }

    /** The keys that match a pattern, page by page ({@code SCAN}), at most {@value #MAX_KEYS}. */
    static List<String> scan(Store store, String pattern) throws StoreException {
        List<String> out = new ArrayList<>();
        String cursor = "0";
        do {
            List<?> reply = (List<?>) store.run(List.of(Command.of("SCAN", cursor, "MATCH", pattern, "COUNT", "1000")), false)
                    .get(0);
            cursor = (String) reply.get(0);
            for (Object k : (List<?>) reply.get(1)) {
                out.add((String) k);
            }
        } while (!"0".equals(cursor) && out.size() < MAX_KEYS);
        return out;
    }

    /** {@code switch:NAME} of a flag. */
    public static String flag(FlagType type, String name) {
        return type.lower() + ":" + name;
    }
}
