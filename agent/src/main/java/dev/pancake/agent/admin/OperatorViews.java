package dev.pancake.agent.admin;

import java.util.ArrayList;
import java.util.List;

import dev.pancake.agent.config.FlagDef;
import dev.pancake.agent.engine.Engine;
import dev.pancake.agent.fleet.Fleet;
import dev.pancake.agent.fleet.Heartbeat;
import dev.pancake.agent.fleet.Instance;
import dev.pancake.agent.fleet.Stale;
import dev.pancake.agent.fleet.StaleFacts;
import dev.pancake.agent.history.HistoryEntry;
import dev.pancake.agent.log.Log;
import dev.pancake.agent.store.MemoryStore;
import dev.pancake.agent.store.StoreException;

/**
 * The history, the fleet and the flags to clean up, as the admin page and JMX show them: read
 * from Redis, or, when the store is down (not even tried: a page must not wait for it) or refuses
 * (an ACL), this JVM's own view (its changes kept
 * in memory, its own heartbeat) with {@link View#local()} set. {@code stale} reads the whole
 * keyspace of the namespace, so its answer is kept for a minute.
 */
public final class OperatorViews {

    /** How long a {@code stale} answer is kept. */
    static final long STALE_FOR_MS = 60_000;

    /** What a view found, and whether it is this JVM's alone (Redis could not be read). */
    public record View<T>(List<T> items, boolean local, String problem) {}

    private final Engine engine;
    private final Heartbeat heartbeat;
    private volatile View<Stale.Finding> stale;
    private volatile long staleAt;
    private volatile int staleDays;

    public OperatorViews(Engine engine, Heartbeat heartbeat) {
        this.engine = engine;
        this.heartbeat = heartbeat;
    }

    /** The newest changes first, of one flag (its name upper-cased) or of all when {@code name} is null. */
    public View<HistoryEntry> history(String name, int limit) {
        if (!engine.storeUp()) {
            return new View<>(local(name, limit), true, engine.storeProblem());
        }
        try {
            if (engine.history().refusal() == null) {
                return new View<>(engine.history().read(engine.store(), name, limit), false, null);
            }
        } catch (StoreException | RuntimeException e) {
            return new View<>(local(name, limit), true, e.getMessage());
        }
        return new View<>(local(name, limit), true, engine.history().refusal());
    }

    private List<HistoryEntry> local(String name, int limit) {
        List<HistoryEntry> out = new ArrayList<>();
        for (HistoryEntry e : engine.history().local()) {
            if ((name == null || e.about(name)) && out.size() < limit) {
                out.add(e);
            }
        }
        return out;
    }

    /** The running instances; this one alone when Redis cannot say. */
    public View<Instance> instances() {
        if (!engine.storeUp()) {
            return new View<>(self(), true, engine.storeProblem());
        }
        if (engine.store() instanceof MemoryStore) {
            return new View<>(self(), true, "the in-memory store: no other instance shares it");
        }
        try {
            List<Instance> all = Fleet.instances(engine.store(), engine.keys(), System.currentTimeMillis());
            if (!all.isEmpty() || heartbeat == null || heartbeat.latest() == null) {
                return new View<>(all, false, null);
            }
            return new View<>(self(), true, "no heartbeat in Redis yet (or it is refused)");
        } catch (StoreException | RuntimeException e) {
            return new View<>(self(), true, e.getMessage());
        }
    }

    private List<Instance> self() {
        Instance me = heartbeat == null ? null : heartbeat.latest();
        return me == null ? List.of() : List.of(me);
    }

    /** The flags to clean up after {@code days}, read at most once a minute; empty when Redis cannot say. */
    public View<Stale.Finding> stale(int days) {
        View<Stale.Finding> s = stale;
        long now = System.currentTimeMillis();
        if (s != null && staleDays == days && now - staleAt < STALE_FOR_MS) {
            return s;
        }
        if (!engine.storeUp()) {
            return new View<>(List.of(), true, engine.storeProblem()); // not kept: the next look, once it is back, reads
        }
        List<String> declared = new ArrayList<>();
        for (FlagDef def : engine.config().flags().values()) {
            declared.add(StaleFacts.flag(def.type(), def.name()));
        }
        try {
            s = new View<>(Stale.find(StaleFacts.read(engine.store(), engine.keys(), declared, now), now, days), false, null);
        } catch (StoreException | RuntimeException e) {
            Log.debug("stale flags not read: " + e.getMessage());
            s = new View<>(List.of(), true, e.getMessage());
        }
        stale = s;
        staleAt = now;
        staleDays = days;
        return s;
    }
}
