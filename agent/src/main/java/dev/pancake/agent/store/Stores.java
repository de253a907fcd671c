package dev.pancake.agent.store;

import java.util.Collection;
import java.util.List;

import dev.pancake.agent.config.RedisSettings;

/** Picks the store that pancake.yml asks for. */
public final class Stores {

    private Stores() {}

    /**
     * The in-memory store without {@code redis:}, else Redis. Settings that Jedis cannot use give
     * a store that is permanently down (so flags keep their defaults) and whose every call says why.
     */
    public static Store open(RedisSettings redis) {
        if (redis == null) {
            return new MemoryStore();
        }
        try {
            return RedisStore.open(redis);
        } catch (IllegalArgumentException e) {
            return new Misconfigured(e.getMessage(), "Redis " + redis.describe());
        }
    }

    /** A store that cannot work: every call fails with the same reason. */
    static final class Misconfigured implements Store {
        private final String reason;
        private final String description;

        Misconfigured(String reason, String description) {
            this.reason = reason;
            this.description = description;
        }

        private StoreException fail() {
            return new StoreException(reason);
        }

        @Override public Values read(Collection<String> keys) throws StoreException { throw fail(); }
        @Override public String scanMembers(String setKey, String cursor, Collection<String> into) throws StoreException {
            throw fail();
        }
        @Override public void set(String key, String value) throws StoreException { throw fail(); }
        @Override public void delete(Collection<String> keys) throws StoreException { throw fail(); }
        @Override public void addMember(String setKey, String member) throws StoreException { throw fail(); }
        @Override public void removeMembers(String setKey, Collection<String> m) throws StoreException { throw fail(); }
        @Override public void watch(List<String> prefixes, ChangeListener listener) { listener.resync(); }
        @Override public boolean watching() { return true; }
        @Override public String describe() { return description; }
        @Override public void close() { }
    }
}
