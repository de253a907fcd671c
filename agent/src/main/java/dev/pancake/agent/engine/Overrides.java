package dev.pancake.agent.engine;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A Flag's per-id overrides in one group: id to true ("1") or false ("0"). Holds every override
 * that exists in the store, so an id without one needs no lookup and costs no memory: negative
 * answers are free. Written only by the sync thread; read lock-free by gated calls.
 */
final class Overrides {

    static final Overrides NONE = new Overrides();

    private final ConcurrentHashMap<String, Boolean> byId = new ConcurrentHashMap<>();
    private volatile int size;

    /** The override for this id, or null. */
    Boolean get(String id) {
        return size == 0 ? null : byId.get(id);
    }

    boolean isEmpty() {
        return size == 0;
    }

    int size() {
        return size;
    }

    void put(String id, Boolean value) {
        if (value == null) {
            byId.remove(id);
        } else {
            byId.put(id, value);
        }
        size = byId.size();
    }

    void clear() {
        byId.clear();
        size = 0;
    }

    Map<String, Boolean> view() {
        return java.util.Collections.unmodifiableMap(byId);
    }
}
