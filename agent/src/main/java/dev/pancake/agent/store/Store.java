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
     * The members of a set; empty when the key is absent. A key that holds something else fails
     * with a {@link StoreException#refused() refused} exception.
     */
    Set<String> members(String setKey) throws StoreException;

    void set(String key, String value) throws StoreException;

    void delete(Collection<String> keys) throws StoreException;

    void addMember(String setKey, String member) throws StoreException;

    void removeMembers(String setKey, Collection<String> members) throws StoreException;

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
}
