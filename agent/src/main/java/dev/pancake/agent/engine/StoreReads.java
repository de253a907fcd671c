package dev.pancake.agent.engine;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.pancake.agent.config.FlagType;
import dev.pancake.agent.log.Log;
import dev.pancake.agent.protocol.StoredValue;
import dev.pancake.agent.store.Store;
import dev.pancake.agent.store.StoreException;

/**
 * Reads keys from the store in bounded pieces; a key that holds something unusable is reported
 * once and counts as absent, so one bad key cannot stop the rest. (Tracking sets:
 * {@link dev.pancake.agent.protocol.TrackingSets}.)
 */
final class StoreReads {

    private static final int READ_CHUNK = 1_000;

    private StoreReads() {
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
