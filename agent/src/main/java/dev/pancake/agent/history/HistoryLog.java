package dev.pancake.agent.history;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

import dev.pancake.agent.log.Log;
import dev.pancake.agent.protocol.Change;
import dev.pancake.agent.protocol.Keys;
import dev.pancake.agent.protocol.Recorder;
import dev.pancake.agent.store.Command;
import dev.pancake.agent.store.Store;
import dev.pancake.agent.store.StoreException;

/**
 * The history of one namespace: the Redis stream {@code PANCAKE:{ns}:history}, capped at about
 * {@value #MAX_ENTRIES} entries ({@code XADD MAXLEN ~}).
 *
 * <p>A write through Pancake sends flask-pancake's commands, a marker per flag key it writes
 * ({@code PANCAKE:{ns}:history:seen:{key}} = the key's new value, expiring after
 * {@value #SEEN_MS} ms) and the entry, in one {@code MULTI}/{@code EXEC}; on a Cluster, where one
 * transaction cannot span those keys, the markers first, then the write, then the entry. An agent
 * that sees a key change and finds the marker holding the new value knows that the change is
 * accounted for; otherwise another client made it ({@link ExternalChanges}).
 *
 * <p>When Redis refuses these writes (an ACL without {@code PANCAKE:{ns}:*}), the flag is written
 * alone, the refusal is said once, and the entries are kept in this JVM's memory only (the last
 * {@value #LOCAL_ENTRIES}), which is what {@link #read} then shows. Writing the history is tried
 * again a minute later.
 */
public final class HistoryLog {

    public static final int MAX_ENTRIES = 10_000;
    static final long SEEN_MS = 60_000;
    static final int LOCAL_ENTRIES = 200;
    private static final long RETRY_MS = 60_000;
    private static final int PAGE = 500;
    /** A marker's value for a key that the change deleted (no flag value is a NUL character). */
    static final String ABSENT = "\u0000";

    private final Keys keys;
    private final LongSupplier clock;
    private final Deque<HistoryEntry> local = new ArrayDeque<>();
    private volatile long refusedUntil;
    private volatile String refusal;

    public HistoryLog(Keys keys) {
        this(keys, WALL_CLOCK);
    }

    public HistoryLog(Keys keys, LongSupplier clock) {
        this.keys = keys;
        this.clock = clock;
    }

    private static final LongSupplier WALL_CLOCK = new LongSupplier() {
        @Override
        public long getAsLong() {
            return System.currentTimeMillis();
        }
    };

    public Keys keys() {
        return keys;
    }

    /** Why the store refuses the history, or null while it takes it. */
    public String refusal() {
        return refusedUntil == 0 ? null : refusal;
    }

    /** Writes through Pancake with this origin: each is recorded. */
    public Recorder as(Origin origin) {
        return new Recorder() {
            @Override
            public void write(Store store, List<Command> writes, Change change) throws StoreException {
                record(store, writes, change, origin);
            }
        };
    }

    void record(Store store, List<Command> writes, Change change, Origin origin) throws StoreException {
        HistoryEntry entry = change.partial() ? null : entry(change, origin);
        long now = clock.getAsLong();
        if (refusedUntil != 0 && now < refusedUntil) {
            store.run(writes, false);
            remember(entry);
            return;
        }
        List<Command> all = new ArrayList<>(markers(change.written()));
        all.addAll(writes);
        if (entry != null) {
            all.add(xadd(entry));
        }
        try {
            store.run(all, true);
            refusedUntil = 0;
        } catch (StoreException e) {
            if (!e.refused()) {
                throw e;
            }
            store.run(writes, false); // the flag's own commands alone; when they are what was refused, that is the error
            refused(store, e);
            remember(entry);
        }
    }

    /**
     * Records a change that another client made, as {@code via: external}, unless it is
     * accounted for already: {@code SET} of the key's marker to its new value with {@code GET}
     * is atomic, so of all the agents that saw the change, exactly one finds another value there
     * and appends the entry.
     *
     * @return true when this call appended it
     */
    public boolean recordExternal(Store store, HistoryEntry entry, String key) throws StoreException {
        if (refusedUntil != 0 && clock.getAsLong() < refusedUntil) {
            return false;
        }
        try {
            String value = entry.after() == null ? ABSENT : entry.after();
            Object previous = store.run(List.of(Command.of("SET", keys.seen(key), value, "PX", Long.toString(SEEN_MS),
                    "GET")), false).get(0);
            if (value.equals(previous)) {
                return false;
            }
            store.run(List.of(xadd(entry)), false);
            return true;
        } catch (StoreException e) {
            if (!e.refused()) {
                throw e;
            }
            if (e.getMessage().contains("NOPERM")) {
                refused(store, e);
            } else {
                Log.debug("could not record a change of " + key + " by another client: " + e.getMessage());
            }
            return false;
        }
    }

    private void refused(Store store, StoreException e) {
        refusal = e.getMessage();
        refusedUntil = clock.getAsLong() + RETRY_MS;
        Log.once(Log.Level.WARN, "history-refused:" + store.describe(), store.describe() + " refuses the history's"
                + " writes to " + keys.own() + "* (" + e.getMessage() + "); flags are written without it, and this"
                + " JVM keeps only its own changes, in memory (docs/security.md has the ACL for the history)");
    }

    private List<Command> markers(Map<String, String> written) {
        List<Command> out = new ArrayList<>(written.size());
        for (Map.Entry<String, String> w : written.entrySet()) {
            out.add(Command.of("SET", keys.seen(w.getKey()), w.getValue() == null ? ABSENT : w.getValue(), "PX",
                    Long.toString(SEEN_MS)));
        }
        return out;
    }

    private Command xadd(HistoryEntry entry) {
        List<String> args = new ArrayList<>();
        args.add(keys.history());
        args.add("MAXLEN");
        args.add("~");
        args.add(Integer.toString(MAX_ENTRIES));
        args.add("*");
        args.addAll(entry.fields());
        return new Command("XADD", args);
    }

    HistoryEntry entry(Change c, Origin origin) {
        return new HistoryEntry(null, clock.getAsLong(), c.name(), c.type().lower(), c.verb().word(), c.group(), c.id(),
                c.before(), c.after(), c.count(), origin.actor(), origin.via(), origin.host(), origin.reason());
    }

    private synchronized void remember(HistoryEntry entry) {
        if (entry == null) {
            return;
        }
        local.addFirst(entry);
        while (local.size() > LOCAL_ENTRIES) {
            local.removeLast();
        }
    }

    /** The entries this JVM kept in memory (newest first), while the store refused the history. */
    public synchronized List<HistoryEntry> local() {
        return List.copyOf(local);
    }

    /**
     * The newest entries first, at most {@code limit}, only those of flag {@code name} when it
     * is not null. Read from the stream page by page, newest first; never more than the whole
     * (capped) stream.
     */
    public List<HistoryEntry> read(Store store, String name, int limit) throws StoreException {
        List<HistoryEntry> out = new ArrayList<>();
        String end = "+";
        int scanned = 0;
        while (out.size() < limit && scanned <= MAX_ENTRIES + PAGE) {
            List<Object> page = asList(store.run(List.of(Command.of("XREVRANGE", keys.history(), end, "-", "COUNT",
                    Integer.toString(PAGE))), false).get(0));
            for (Object o : page) {
                List<Object> e = asList(o);
                String id = (String) e.get(0);
                List<String> fields = new ArrayList<>();
                for (Object f : asList(e.get(1))) {
                    fields.add((String) f);
                }
                HistoryEntry entry = HistoryEntry.decode(id, fields);
                if ((name == null || entry.about(name)) && out.size() < limit) {
                    out.add(entry);
                }
                end = "(" + id;
            }
            scanned += page.size();
            if (page.size() < PAGE) {
                break;
            }
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> asList(Object o) {
        return o == null ? List.of() : (List<Object>) o;
    }
}
