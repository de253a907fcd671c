package dev.pancake.agent.engine;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.pancake.agent.config.FlagType;
import dev.pancake.agent.log.Log;
import dev.pancake.agent.protocol.StoredValue;
import dev.pancake.agent.store.Store;
import dev.pancake.agent.store.StoreException;

/**
 * Reads keys and tracking sets from the store in bounded pieces; a key that holds something
 * unusable is reported once and counts as absent (or empty), so one bad key cannot stop the rest.
 */
final class StoreReads {

    private static final int READ_CHUNK = 1_000;

    private StoreReads() {
    }

    /**
     * The members of a tracking set, at most {@link Store#MAX_MEMBERS} of them, read in pages that
     * are each bounded by the store's timeout. A key of another type is reported once and counts
     * as an empty set, and a larger set is reported once and read only that far: one bad key must
     * not stop every other flag from being read, nor make the store look down. Overrides beyond
     * the limit still apply as soon as they change (the change feed names them).
     */
    static Set<String> members(Store s, String trackingKey, String expected) throws StoreException {
        try {
            Store.Members members = s.members(trackingKey, Store.MAX_MEMBERS);
            Log.forget("bad-type:" + trackingKey);
            if (members.complete()) {
                Log.forget("too-many:" + trackingKey);
            } else {
                Log.once(Log.Level.WARN, "too-many:" + trackingKey, "key " + StoredValue.shortKey(trackingKey) + " lists more than "
                        + Store.MAX_MEMBERS + " members, expected at most that many override keys " + expected
                        + "; only " + Store.MAX_MEMBERS + " of them are read (the others apply once they change)");
            }
            return members.members();
        } catch (StoreException e) {
            if (!e.refused()) {
                throw e;
            }
            String why = e.getMessage().contains("WRONGTYPE") ? "is not a set" : "cannot be read (" + e.getMessage() + ")";
            Log.once(Log.Level.WARN, "bad-type:" + trackingKey, "key " + trackingKey + " " + why
                    + ", expected the set of the flag's override keys; its overrides are ignored");
            return Set.of();
        }
    }

    /**
     * The values of these keys, in chunks. A key that holds something unusable (another type, an
     * enormous string) is reported once and counts as absent.
     */
    static Map<String, String> getAll(Store s, Collection<String> wanted) throws StoreException {
        Map<String, String> out = new HashMap<>();
        List<String> chunk = new ArrayList<>(Math.min(wanted.size(), READ_CHUNK));
        for (String key : wanted) {
            chunk.add(key);
            if (chunk.size() == READ_CHUNK) {
                read(s, chunk, out);
                chunk.clear();
            }
        }
        if (!chunk.isEmpty()) {
            read(s, chunk, out);
        }
        return out;
    }

    private static void read(Store s, List<String> keys, Map<String, String> out) throws StoreException {
        Store.Values values = s.read(keys);
        out.putAll(values.strings());
        for (String key : keys) {
            String what = values.unusable().get(key);
            if (what == null) {
                Log.forget("bad-type:" + key);
            } else {
                Log.once(Log.Level.WARN, "bad-type:" + key, "key " + StoredValue.shortKey(key) + " holds " + what + ", expected "
                        + StoredValue.expected(key.startsWith(FlagType.SAMPLE.keyPrefix() + ":") ? FlagType.SAMPLE
                                : FlagType.SWITCH) + "; it counts as absent");
            }
        }
    }
}
