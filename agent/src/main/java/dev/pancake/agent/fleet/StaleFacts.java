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
        for (String prefix : keys.prefixes()) {
            for (String key : scan(store, prefix + "*")) {
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
        for (HistoryEntry h : new HistoryLog(keys).read(store, null, HistoryLog.MAX_ENTRIES * 2)) {
            lastChange.putIfAbsent(h.type() + ":" + h.flag(), h.time());
            from = h.time();
        }
        return new Stale.Facts(declared, byInstances, Fleet.evaluated(store, keys), flagKeys, stored, lastChange, from);
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
