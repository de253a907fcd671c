package dev.pancake.agent.store;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Flag state storage with a change feed. Keys and values are strings, as flask-pancake writes them. */
public interface Store extends AutoCloseable {

    /**
     * The string values of these keys, in one round trip where the store allows. A key that is
     * absent, or holds something other than a string, maps to null.
     */
    Map<String, String> get(Collection<String> keys) throws StoreException;

    /** The members of a set; empty when the key is absent. */
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
}
