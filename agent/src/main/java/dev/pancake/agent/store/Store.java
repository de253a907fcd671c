package dev.pancake.agent.store;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Flag state storage with a change feed. Keys and values are strings, as flask-pancake writes them. */
public interface Store extends AutoCloseable {

    /** The longest value {@link #read} returns; flag values are a few bytes ("1", "42.5"). */
    int MAX_VALUE_BYTES = 1024;

    /**
     * The values of these keys, in one round trip where the store allows. An absent key maps to
     * null; a key that holds something other than a string, or a string longer than
     * {@link #MAX_VALUE_BYTES}, is listed in {@link Values#unusable()} with what it holds, and is
     * never read whole (a 50 MB value costs no more than a small one).
     */
    Values read(Collection<String> keys) throws StoreException;

    /** The string values of these keys (see {@link #read}); absent and unusable keys map to null. */
    default Map<String, String> get(Collection<String> keys) throws StoreException {
        return read(keys).strings();
    }

    /**
     * The most members of one set that {@link #members} keeps. A tracking set lists a flag's
     * override keys; one with more members than this is someone's mistake (or a flag that wants
     * cleaning up), and reading it whole would cost every other flag its reads.
     */
    int MAX_MEMBERS = 50_000;

    /** How many members one page of {@link #scanMembers} asks for. */
    int MEMBERS_PAGE = 1_000;

    /**
     * One page of a set's members ({@code SSCAN key cursor COUNT} {@value #MEMBERS_PAGE}), added to
     * {@code into}; returns the cursor of the next page, {@code "0"} once the whole set was seen.
     * Start with {@code "0"}. Each page is one call bounded like any other, however large the set.
     * An absent key is an empty set; a key that holds something else fails with a
     * {@link StoreException#refused() refused} exception. A member may appear in two pages.
     */
    String scanMembers(String setKey, String cursor, Collection<String> into) throws StoreException;

    /**
     * The members of a set, page by page, but no more than {@code limit} of them:
     * {@link Members#complete()} says whether that was all.
     */
    default Members members(String setKey, int limit) throws StoreException {
        Set<String> seen = new java.util.HashSet<>();
        String cursor = "0";
        do {
            cursor = scanMembers(setKey, cursor, seen);
        } while (!"0".equals(cursor) && seen.size() < limit);
        if (seen.size() <= limit) {
            return new Members(seen, "0".equals(cursor));
        }
        Set<String> kept = new java.util.HashSet<>();
        for (String m : seen) {
            if (kept.size() == limit) {
                break;
            }
            kept.add(m);
        }
        return new Members(kept, false);
    }

    void set(String key, String value) throws StoreException;

    void delete(Collection<String> keys) throws StoreException;

    void addMember(String setKey, String member) throws StoreException;

    void removeMembers(String setKey, Collection<String> members) throws StoreException;

    /**
     * Sends these commands and returns their replies in order (a bulk or status reply as a
     * String, an integer as a Long, an array as a List, a missing value as null). With
     * {@code atomic}, in one {@code MULTI}/{@code EXEC} transaction, where the topology allows one
     * (not on a Cluster, where they are sent one after the other). The first error reply is thrown
     * as a {@link StoreException#refused() refused} exception; an error that aborts a transaction
     * (a right that an ACL refuses) means that none of it was applied.
     *
     * <p>This default knows only the flag writes (SET, DEL, SADD, SREM), applied one by one.
     */
    default List<Object> run(List<Command> commands, boolean atomic) throws StoreException {
        List<Object> replies = new java.util.ArrayList<>(commands.size());
        for (Command c : commands) {
            List<String> a = c.args();
            switch (c.name()) {
                case "SET": set(a.get(0), a.get(1)); replies.add("OK"); break;
                case "DEL": delete(a); replies.add((long) a.size()); break;
                case "SADD": addMember(a.get(0), a.get(1)); replies.add(1L); break;
                case "SREM": removeMembers(a.get(0), a.subList(1, a.size())); replies.add(1L); break;
                default: throw new StoreException(describe() + " does not support " + c.name(), null, true);
            }
        }
        return replies;
    }

    /**
     * Starts reporting changes of keys that start with these prefixes, made by any client. The
     * listener is told to {@link ChangeListener#resync() resync} whenever the feed (re)connects,
     * so that nothing missed while it was down stays stale.
     */
    void watch(List<String> prefixes, ChangeListener listener);

    /** True while the change feed is connected (always, for the in-memory store). */
    boolean watching();

    /** What this store is, for messages; never contains secrets. */
    String describe();

    @Override
    void close();

    /**
     * What {@link #read} found.
     *
     * @param strings  every key asked for, to its string value or null (absent or unusable)
     * @param unusable the keys that hold something that is not a flag value, to a description of
     *                 it for messages ("a hash", "a string of more than 1024 bytes")
     */
    record Values(Map<String, String> strings, Map<String, String> unusable) {
        public Values {
            strings = java.util.Collections.unmodifiableMap(strings);
            unusable = java.util.Collections.unmodifiableMap(unusable);
        }
    }

    /**
     * What {@link #members} found.
     *
     * @param members  the members read, at most the limit asked for
     * @param complete false when the set may hold more than that
     */
    record Members(Set<String> members, boolean complete) {
        public Members {
            members = java.util.Collections.unmodifiableSet(members);
        }
    }
}
