package dev.pancake.agent.engine;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;

import dev.pancake.agent.config.Config;
import dev.pancake.agent.config.FlagType;
import dev.pancake.agent.log.Log;
import dev.pancake.agent.protocol.Keys;
import dev.pancake.agent.protocol.StoredValue;
import dev.pancake.agent.store.ChangeListener;
import dev.pancake.agent.store.Store;
import dev.pancake.agent.store.StoreException;

/**
 * Follows the store: reads it and keeps every flag's snapshot in step with it.
 *
 * <p>Threads: every read of the store and every snapshot change happens under one lock,
 * {@link #syncLock}: the first full read, each change the store's feed reports (coalesced into
 * one read), a full resync whenever the feed reconnects, and retries while the store is down. The
 * {@code pancake-sync} thread runs this work; a change feed's thread that finds the lock free
 * reads its changes itself, which saves a hand-over between threads on the way from a push to the
 * snapshot. Writes (enable, disable, ...) go to the store from the caller's thread and are then
 * read back under the lock before the call returns, so a writer sees its own change.
 */
final class StoreSync {

    private static final long RETRY_MS = 1_000;
    private static final long POLL_MS = 1_000;
    private static final int BLIND_POLLS_BEFORE_WARNING = 5;

    private final Engine engine;
    private final Snapshots snapshots;
    private final SyncThread sync;
    /** Held by whoever reads the store or changes snapshots; see the class comment. */
    private final ReentrantLock syncLock = new ReentrantLock();
    private final Set<String> changedKeys = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean drainQueued = new AtomicBoolean();

    private volatile Store store;
    private volatile boolean storeUp = true;
    /** Stored values that changed, as the change feed reported them and a read confirmed (sync thread writes). */
    private volatile long changesSeen;
    /** The JFR event of the outage in progress, or null (sync thread only). */
    private Object outage;
    private volatile boolean retryQueued;
    private volatile String storeProblem;
    private int blindPolls; // sync thread only

    // The sync thread's tasks. Classes, not lambdas or method references: an idle application
    // loads no lambda machinery of its own, and the agent's first lambdas would make the JVM spin
    // classes (and, on Java 24 and later, compile its class-file generator) in its memory.
    final Runnable fullSyncTask = new Runnable() {
        @Override
        public void run() {
            fullSync();
        }
    };
    private final Runnable drainTask = new Runnable() {
        @Override
        public void run() {
            drain();
        }
    };
    private final Runnable pollTask = new Runnable() {
        @Override
        public void run() {
            pollIfBlind();
        }
    };

    StoreSync(Engine engine, Snapshots snapshots, Store store) {
        this.engine = engine;
        this.snapshots = snapshots;
        this.store = store;
        this.sync = new SyncThread(syncLock);
    }

    /**
     * Starts following the store. Never waits for it. The first read starts at once rather than
     * when the change feed is up (it ends with a read of its own anyway), so that a store that
     * refuses connections is known to be down before the first gated call would wait for it.
     */
    void start() {
        soon(fullSyncTask);
        watch(store);
        later(pollTask, POLL_MS);
    }

    Store store() {
        return store;
    }

    long changesSeen() {
        return changesSeen;
    }

    boolean storeUp() {
        return storeUp;
    }

    /** Why the store is down, or null. */
    String storeProblem() {
        return storeProblem;
    }

    /**
     * Replaces the store (a reload changed the Redis settings) and closes the old one. Called
     * under the lock.
     */
    void replaceStore(Store nextStore) {
        Store old = store;
        store = nextStore;
        old.close();
        storeUp = true;
        watch(nextStore);
    }

    // ---- following the store

    private void watch(Store s) {
        s.watch(engine.keys.prefixes(), new ChangeListener() {
            @Override
            public void changed(Collection<String> changed) {
                if (store != s) {
                    return;
                }
                changedKeys.addAll(changed);
                if (syncLock.tryLock()) { // nobody else is reading: read the change here and now
                    try {
                        drain();
                    } finally {
                        syncLock.unlock();
                    }
                } else if (drainQueued.compareAndSet(false, true)) {
                    soon(drainTask);
                }
            }

            @Override
            public void resync() {
                if (store == s) {
                    soon(fullSyncTask);
                }
            }
        });
    }

    /**
     * When the store cannot report changes (a Redis without CLIENT TRACKING, a proxy that refuses
     * it, or a feed that is reconnecting), read everything every second instead.
     */
    private void pollIfBlind() {
        try {
            Store s = store;
            boolean blind = !s.watching() && storeUp;
            blindPolls = blind ? blindPolls + 1 : 0;
            if (blind) {
                fullSync();
            }
            // a feed reconnecting after an outage is blind for a moment; only a lasting blindness is news
            if (blind && blindPolls >= BLIND_POLLS_BEFORE_WARNING) {
                Log.once(Log.Level.WARN, "blind:" + s.describe(), s.describe() + " does not report changes"
                        + " (CLIENT TRACKING is unavailable or reconnecting); reading all flags every second until it does");
            } else if (s.watching()) {
                Log.forget("blind:" + s.describe());
            }
        } finally {
            if (!sync.isShutdown()) {
                later(pollTask, POLL_MS);
            }
        }
    }

    private void drain() {
        drainQueued.set(false);
        List<String> batch = new ArrayList<>(changedKeys);
        changedKeys.removeAll(batch);
        if (!batch.isEmpty()) {
            refresh(batch);
        }
    }

    /** Reads every key of every declared flag, and every override listed in the tracking sets. */
    void fullSync() {
        Store s = store;
        Config cfg = engine.config;
        Keys k = engine.keys;
        try {
            Set<String> wanted = FullReadKeys.wanted(engine, snapshots, s, cfg, k);
            Map<String, String> values = StoreReads.getAll(s, wanted);
            // what the first read finds is not a change; after it, listeners hear of what a full read changed
            Map<String, String> before = engine.listeners.any() && engine.firstSync.getCount() == 0
                    ? new HashMap<>(snapshots.stored) : null;
            snapshots.stored.clear();
            for (Map.Entry<String, String> e : values.entrySet()) {
                if (e.getValue() != null) {
                    snapshots.stored.put(e.getKey(), e.getValue());
                }
            }
            for (FlagState f : engine.flags.values()) {
                for (Overrides o : f.overrides.values()) {
                    o.clear();
                }
            }
            for (String key : wanted) {
                Keys.Ref ref = k.parse(key);
                if (ref != null && ref.kind() == Keys.Ref.Kind.OVERRIDE) {
                    applyOverride(ref, key, snapshots.stored.get(key), cfg);
                }
            }
            up(s);
            for (FlagState f : engine.flags.values()) {
                f.snapshot = snapshots.build(f, cfg, false);
            }
            if (before != null) {
                engine.listeners.changed(ChangeListeners.differences(before, snapshots.stored, k));
            }
            engine.firstSync.countDown();
        } catch (StoreException | RuntimeException e) {
            down(s, e);
            if (engine.firstSync.getCount() > 0) {
                for (FlagState f : engine.flags.values()) {
                    f.snapshot = snapshots.build(f, cfg, false);
                }
                engine.firstSync.countDown();
            }
        }
    }

    /**
     * Reads these keys again and updates the snapshots they feed. While the store is down, a full
     * read instead: the changes whose read failed are gone from the feed, so only a full read may
     * end the outage.
     */
    void refresh(Collection<String> changed) {
        refresh(changed, true);
    }

    /**
     * @param fromFeed false when this agent made the change itself (it reads back its own write):
     *                 only changes the feed brings may be another client's
     */
    void refresh(Collection<String> changed, boolean fromFeed) {
        if (!storeUp) {
            fullSync();
            if (!storeUp) {
                return;
            }
        }
        Store s = store;
        Config cfg = engine.config;
        Keys k = engine.keys;
        List<String> wanted = new ArrayList<>();
        for (String key : changed) {
            Keys.Ref ref = k.parse(key);
            if (ref == null || ref.kind() == Keys.Ref.Kind.TRACKING) {
                continue;
            }
            if (cfg.flag(ref.name()) == null) {
                continue;
            }
            if (ref.kind() == Keys.Ref.Kind.MAIN && engine.flags.containsKey(ref.type().keyPrefix() + ":" + ref.name())) {
                wanted.add(key);
            } else if (ref.kind() == Keys.Ref.Kind.OVERRIDE && cfg.group(ref.group()) != null) {
                wanted.add(key);
            }
        }
        if (wanted.isEmpty()) {
            return;
        }
        try {
            Map<String, String> values = StoreReads.getAll(s, wanted);
            Set<FlagState> touched = new HashSet<>();
            Set<String> names = new LinkedHashSet<>();
            for (String key : wanted) {
                String v = values.get(key);
                String before = v == null ? snapshots.stored.remove(key) : snapshots.stored.put(key, v);
                Keys.Ref ref = k.parse(key);
                if (!java.util.Objects.equals(before, v)) {
                    changesSeen++; // only ever written here, under the sync lock
                    FlightEvents.flagChanged(ref.name(), ref.type().lower(), key, before, v);
                    names.add(ref.name());
                    if (fromFeed) {
                        engine.changedInStore(s, ref, key, before, v);
                    }
                }
                if (ref.kind() == Keys.Ref.Kind.OVERRIDE) {
                    applyOverride(ref, key, v, cfg);
                } else {
                    FlagState f = engine.flags.get(ref.type().keyPrefix() + ":" + ref.name());
                    if (f != null) {
                        touched.add(f);
                    }
                }
            }
            up(s);
            for (FlagState f : touched) {
                f.snapshot = snapshots.build(f, cfg, false);
            }
            engine.listeners.changed(names); // once the snapshots are in place: a listener may evaluate at once
        } catch (StoreException | RuntimeException e) {
            down(s, e);
        }
    }

    private void applyOverride(Keys.Ref ref, String key, String raw, Config cfg) {
        FlagState f = engine.flags.get(FlagType.FLAG.keyPrefix() + ":" + ref.name());
        if (f == null || cfg.group(ref.group()) == null) {
            return;
        }
        String v = Snapshots.valid(FlagType.FLAG, key, raw);
        f.overridesOf(ref.group()).put(ref.id(), StoredValue.onOff(v));
    }

    private void up(Store s) {
        if (!storeUp) {
            storeUp = true;
            storeProblem = null;
            FlightEvents.storeBack(outage);
            outage = null;
            Log.info(s.describe() + " is reachable again; all flags were read again");
        }
    }

    /**
     * The store failed, or reading it failed unexpectedly (a client library's bug must not stop
     * the sync thread for good): keep the last known values, say so once, retry every second.
     */
    private void down(Store s, Exception e) {
        String problem = e instanceof StoreException ? e.getMessage() : "reading flags from " + s.describe()
                + " failed (" + e + ")";
        storeProblem = problem;
        if (storeUp) {
            storeUp = false;
            outage = FlightEvents.storeDown(s.describe(), problem);
            Log.warn(problem + "; gated calls use the last known values (else the defaults) until it is back");
        }
        if (!retryQueued) {
            retryQueued = true;
            later(new Runnable() {
                @Override
                public void run() {
                    retryQueued = false;
                    if (!storeUp && store == s) {
                        fullSync();
                    }
                }
            }, RETRY_MS);
        }
    }

    /** Runs the task on the sync thread, under the lock. */
    void soon(Runnable task) {
        sync.soon(task);
    }

    /** Runs the task on the sync thread after a delay, under the lock. */
    void later(Runnable task, long ms) {
        sync.later(task, ms);
    }

    /** Runs the task under the lock and waits for it (at most a few timeouts). */
    void runOnSync(Runnable task) {
        // on a timeout the change is in the store; the feed will bring it here shortly
        sync.run(task, Math.max(1_000, engine.timeoutMs() * 4L));
    }

    /**
     * Waits up to {@code ms} until the sync thread has done everything asked of it so far (a
     * reload's first read of a new store, for one); false when that takes longer.
     */
    boolean awaitIdle(long ms) {
        return sync.awaitIdle(ms);
    }

    /** Stops the background work and closes the store. */
    void close() {
        sync.shutdown();
        store.close();
    }
}
