package dev.pancake.agent.protocol;

import java.util.Set;

import dev.pancake.agent.log.Log;
import dev.pancake.agent.store.Store;
import dev.pancake.agent.store.StoreException;

/**
 * Reads a tracking set (the set that lists a flag's override keys in a group), the one way every
 * reader does: bounded, and a bad set reported once instead of stopping the other flags.
 */
public final class TrackingSets {

    private TrackingSets() {
    }

    /**
     * The members of a tracking set, at most {@link Store#MAX_MEMBERS} of them, read in pages that
     * are each bounded by the store's timeout. A key of another type is reported once and counts
     * as an empty set, and a larger set is reported once and read only that far: one bad key must
     * not stop every other flag from being read, nor make the store look down. Overrides beyond
     * the limit still apply as soon as they change (the change feed names them).
     *
     * @param expected the override keys the set should list, for the warning
     *                 ({@code FLAG:{ns}:k:{group}:{NAME}:ID})
     */
    public static Set<String> members(Store s, String trackingKey, String expected) throws StoreException {
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
}
