package dev.pancake.agent.store;

import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The store used when pancake.yml has no {@code redis:} section: state lives in this JVM only
 * and is lost on exit. Changes are reported to the listener synchronously.
 */
public final class MemoryStore implements Store {

    private final Map<String, String> strings = new ConcurrentHashMap<>();
    private final Map<String, Set<String>> sets = new ConcurrentHashMap<>();
    private final List<Watch> watches = new CopyOnWriteArrayList<>();
    private final MemoryCommands commands = new MemoryCommands(this);
    private final java.util.function.LongSupplier clock;

    private static final java.util.function.LongSupplier WALL_CLOCK = new java.util.function.LongSupplier() {
        @Override
        public long getAsLong() { // not a method reference: the store opens on the agent's start path
            return System.currentTimeMillis();
        }
    };

    public MemoryStore() {
        this(WALL_CLOCK);
    }

    /** With a clock in milliseconds, for tests of expiring keys. */
    public MemoryStore(java.util.function.LongSupplier clock) {
        this.clock = clock;
    }

    private record Watch(List<String> prefixes, ChangeListener listener) {
        boolean covers(String key) {
            for (String p : prefixes) {
                if (key.startsWith(p)) {
                    return true;
                }
            }
            return false;
        }
    }

    @Override
    public Values read(Collection<String> keys) {
        Map<String, String> out = new HashMap<>();
        Map<String, String> unusable = new HashMap<>();
        for (String k : keys) {
            out.put(k, strings.get(k));
            if (sets.containsKey(k)) {
                unusable.put(k, "a set");
            }
        }
        return new Values(out, unusable);
    }

    @Override
    public String scanMembers(String setKey, String cursor, Collection<String> into) throws StoreException {
        if (strings.containsKey(setKey)) {
            throw new StoreException("key " + setKey + " holds a string, expected a set", null, true);
        }
        Set<String> s = sets.get(setKey);
        if (s != null) {
            into.addAll(s); // this JVM's own writes: one page
        }
        return "0";
    }

    @Override
    public void set(String key, String value) {
        strings.put(key, value);
        sets.remove(key);
        notify(List.of(key));
    }

    @Override
    public void delete(Collection<String> keys) {
        for (String k : keys) {
            strings.remove(k);
            sets.remove(k);
        }
        notify(keys);
    }

    @Override
    public void addMember(String setKey, String member) {
        strings.remove(setKey);
        sets.computeIfAbsent(setKey, k -> ConcurrentHashMap.newKeySet()).add(member);
        notify(List.of(setKey));
    }

    @Override
    public void removeMembers(String setKey, Collection<String> members) {
        sets.computeIfPresent(setKey, (k, s) -> {
            s.removeAll(new HashSet<>(members));
            return s.isEmpty() ? null : s;
        });
        notify(List.of(setKey));
    }

    @Override
    public synchronized List<Object> run(List<Command> batch, boolean atomic) throws StoreException {
        long now = clock.getAsLong();
        List<Object> replies = new java.util.ArrayList<>(batch.size());
        for (Command c : batch) {
            replies.add(commands.run(c, now));
        }
        return replies;
    }

    /** Every string and set key (flag keys and their tracking sets). */
    java.util.Set<String> keys() {
        java.util.Set<String> all = new java.util.TreeSet<>(strings.keySet());
        all.addAll(sets.keySet());
        return all;
    }

    String string(String key) {
        return strings.get(key);
    }

    /** Drops an expired string without telling the listeners (Redis reports expiries, but none of these is a flag's). */
    void forget(String key) {
        strings.remove(key);
    }

    @Override
    public void watch(List<String> prefixes, ChangeListener listener) {
        watches.add(new Watch(List.copyOf(prefixes), listener));
        listener.resync();
    }

    @Override
    public boolean watching() {
        return true;
    }

    private void notify(Collection<String> keys) {
        for (Watch w : watches) {
            List<String> mine = keys.stream().filter(w::covers).toList();
            if (!mine.isEmpty()) {
                w.listener.changed(mine);
            }
        }
    }

    @Override
    public String describe() {
        return "in-memory store (this JVM only)";
    }

    @Override
    public void close() {
        watches.clear();
    }
}
