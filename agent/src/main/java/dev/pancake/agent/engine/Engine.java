package dev.pancake.agent.engine;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Function;

import dev.pancake.agent.config.Config;
import dev.pancake.agent.config.FlagDef;
import dev.pancake.agent.config.FlagType;
import dev.pancake.agent.config.GroupDef;
import dev.pancake.agent.config.RedisSettings;
import dev.pancake.agent.history.ExternalChanges;
import dev.pancake.agent.history.HistoryLog;
import dev.pancake.agent.history.Origin;
import dev.pancake.agent.log.Log;
import dev.pancake.agent.protocol.FlagCommands;
import dev.pancake.agent.protocol.Keys;
import dev.pancake.agent.protocol.Recorder;
import dev.pancake.agent.protocol.Verb;
import dev.pancake.agent.store.MemoryStore;
import dev.pancake.agent.store.Store;
import dev.pancake.agent.store.StoreException;
import dev.pancake.bridge.Api;
import dev.pancake.bridge.FlagHandle;

/**
 * Keeps every flag's snapshot current and answers for gated calls, the programmatic API and the
 * operator surfaces (CLI, JMX, admin page).
 *
 * <p>Threads: gated calls only read. Every read of the store and every snapshot change happens
 * under one lock, held by whoever reads the store; the {@code pancake-sync} thread runs that work
 * (see {@link StoreSync}). Writes (enable, disable, ...) go to the store from the caller's thread
 * and are then read back under the lock before the call returns, so a writer sees its own change.
 */
public final class Engine extends Api {

    final Snapshots snapshots = new Snapshots();
    final StoreSync sync;
    final Map<String, FlagState> flags = new ConcurrentHashMap<>();
    final GateRegistry registry = new GateRegistry(this);
    final ConfigApplier configs = new ConfigApplier(this, registry);
    final Reports reports = new Reports(this, registry);
    final CountDownLatch firstSync = new CountDownLatch(1);
    final ChangeListeners listeners = new ChangeListeners();
    /** When the first call began to wait for the first read; see {@link #awaitFirstSync}. */
    private final AtomicLong waitingSince = new AtomicLong(NOT_WAITING);
    private static final long NOT_WAITING = Long.MIN_VALUE;
    /** What an undecided call evaluates: inactive for every type (as an undeclared flag is). */
    private static final FlagState.Snapshot UNDECIDED = new FlagState.Snapshot(null, false, null, false, 0,
            new Overrides[0], -1);

    volatile Config config;
    volatile Keys keys;
    private volatile boolean gaveUpWaiting;
    private volatile HistoryLog history;
    /** False in a test JVM: no history. */
    private volatile boolean records = true;
    private final ExternalChanges external = new ExternalChanges();

    public Engine(Config config, Store store) {
        this.config = config;
        this.keys = new Keys(config.namespace());
        this.sync = new StoreSync(this, snapshots, store);
        for (FlagDef def : config.flags().values()) {
            track(def.type(), def.name());
        }
    }

    /** Starts following the store; see {@link StoreSync#start}. */
    public void start() {
        sync.start();
    }

    public Config config() {
        return config;
    }

    public Keys keys() {
        return keys;
    }

    public Store store() {
        return sync.store();
    }

    public boolean storeUp() {
        return sync.storeUp();
    }

    /** Why the store is down, or null. */
    public String storeProblem() {
        return sync.storeProblem();
    }

    private volatile Consumer<ClassLoader> loaderListener;

    /**
     * Tells {@code listener} of every application class loader the engine meets (that of a gated
     * class, or of a class that uses the API), once each. It is called while that loader defines a
     * class: it may only note the loader and do its work later, on another thread.
     */
    public void onLoaderSeen(Consumer<ClassLoader> listener) {
        this.loaderListener = listener;
    }

    void loaderSeen(ClassLoader loader) {
        Consumer<ClassLoader> l = loaderListener;
        if (l != null) {
            l.accept(loader);
        }
    }

    /** How many stored values this JVM has seen change since it started (its own writes included). */
    public long changesSeen() {
        return sync.changesSeen();
    }

    // ---- gates and handles

    /**
     * A gate for a method annotated {@code @Toggle(name, type)}, registered with the bridge.
     * Reports (once) a flag that is not declared, a type that disagrees with pancake.yml, and a
     * fallback that does not fit the method.
     */
    public MethodGate gate(FlagType type, String rawName, MethodInfo method, ClassLoader loader) {
        return gate(type, rawName, method, loader, -1);
    }

    /**
     * Like {@link #gate(FlagType, String, MethodInfo, ClassLoader)}, but takes over {@code id} when it is not -1:
     * the number of a stand-in gate that instrumented code already calls (a class instrumented while
     * the agent was still starting).
     */
    public MethodGate gate(FlagType type, String rawName, MethodInfo method, ClassLoader loader, int id) {
        String name = rawName.toUpperCase(Locale.ROOT);
        FlagState flag = track(type, name);
        LoaderContext context = registry.context(loader);
        MethodGate gate;
        switch (type) {
            case SWITCH: gate = new MethodGate.SwitchGate(this, flag, method, context); break;
            case FLAG: gate = new MethodGate.FlagGate(this, flag, method, context); break;
            default: gate = new MethodGate.SampleGate(this, flag, method, context); break;
        }
        Config cfg = config;
        gate.fallback = configs.plan(gate, cfg);
        configs.checkDeclaration(type, name, method, cfg);
        registry.register(gate, id);
        if (config != cfg) {
            // a reload ran while this gate was being made, and may have missed it
            gate.fallback = configs.plan(gate, config);
        }
        return gate;
    }

    /**
     * Called once every gated method of a class is registered: reports the {@code methods:}
     * entries that name a method of that class which the flag does not gate (a typo would
     * otherwise silently have no effect).
     */
    public void classInstrumented(String className) {
        configs.checkMethodEntries(config, className);
    }

    @Override
    public FlagHandle handle(String type, String name, Class<?> caller) {
        FlagType t = FlagType.parse(type);
        if (t == null) {
            throw new IllegalArgumentException("unknown flag type " + type);
        }
        String n = name.toUpperCase(Locale.ROOT);
        Config cfg = config;
        FlagDef def = cfg.flag(n);
        String user = caller == null ? "the programmatic API" : caller.getName();
        if (def == null) {
            Log.once(Log.Level.WARN, "undeclared-api:" + t + ":" + n + ":" + user, t.lower() + " " + n + " used by "
                    + user + " (" + api(t) + ".of) is not declared in " + cfg.source() + "; it stays inactive");
        } else if (def.typeDeclared() && def.type() != t) {
            Log.once(Log.Level.WARN, "mismatch-api:" + t + ":" + n + ":" + user, "flag " + n + " is declared as a "
                    + def.type().lower() + " in " + cfg.source() + " (line " + def.line() + ") but " + user + " uses it as a "
                    + t.lower() + " (" + api(t) + ".of); it reads " + keys.main(t, n));
        }
        return new ApiHandle(this, track(t, n), registry.context(caller == null ? null : caller.getClassLoader()));
    }

    private static String api(FlagType type) {
        switch (type) {
            case SWITCH: return "Switch";
            case FLAG: return "Flag";
            default: return "Sample";
        }
    }

    // ---- evaluations with explicit ids, and change listeners (the OpenFeature provider)

    @Override
    public String declaredType(String name) {
        FlagDef def = name == null ? null : config.flag(name.toUpperCase(Locale.ROOT));
        return def == null ? null : def.type().lower();
    }

    @Override
    public List<String> groups() {
        List<String> names = new ArrayList<>();
        for (GroupDef g : config.groups()) {
            names.add(g.name());
        }
        return List.copyOf(names);
    }

    @Override
    public String evaluate(String name, Map<String, String> ids) {
        return ContextEvaluation.evaluate(this, name == null ? null : name.toUpperCase(Locale.ROOT), ids);
    }

    @Override
    public Runnable onChange(Consumer<String> listener) {
        return listeners.add(listener);
    }

    public List<MethodGate> gates() {
        return List.copyOf(registry.liveGates());
    }

    public Collection<FlagState> flags() {
        return flags.values();
    }

    public FlagState flag(FlagType type, String name) {
        return flags.get(type.keyPrefix() + ":" + name);
    }

    /**
     * The flag's state, created on its first use; a declared flag first used after the first read
     * of the store (a reload, or another type) is then read at once in the background.
     */
    FlagState track(FlagType type, String name) {
        String id = type.keyPrefix() + ":" + name;
        FlagState existing = flags.get(id);
        if (existing != null) {
            return existing;
        }
        boolean[] created = {false};
        FlagState f = flags.computeIfAbsent(id, new Function<String, FlagState>() { // see StoreSync's tasks
            @Override
            public FlagState apply(String k) {
                created[0] = true;
                FlagState fresh = new FlagState(type, name, keys.main(type, name), null);
                fresh.snapshot = snapshots.build(fresh, config, firstSync.getCount() > 0);
                return fresh;
            }
        });
        if (created[0] && config.flag(name) != null && firstSync.getCount() == 0) {
            // declared, but first used after the first read (a reload, or another type): read it now
            sync.soon(type == FlagType.FLAG ? sync.fullSyncTask : new Runnable() {
                @Override
                public void run() {
                    sync.refresh(List.of(f.key));
                }
            });
        }
        return f;
    }

    /**
     * The flag's snapshot for an evaluation. Until the first read of the store is over, the first
     * calls wait for it (boundedly, see {@link #awaitFirstSync}); after that, never.
     */
    FlagState.Snapshot awaitSnapshot(FlagState flag) {
        FlagState.Snapshot s = flag.snapshot;
        return s.pending() ? awaitFirstSync(flag) : s;
    }

    /**
     * Waits for the first read of the store until timeout-ms after the first call began to wait
     * (one deadline for all of them); after that, or once the read is over (with values or with a
     * failure), calls never wait. An interrupted thread does not wait: its call is undecided and
     * counts as inactive (the interrupt status stays set).
     */
    private FlagState.Snapshot awaitFirstSync(FlagState flag) {
        if (!gaveUpWaiting) {
            long now = System.nanoTime();
            waitingSince.compareAndSet(NOT_WAITING, now);
            long left = waitingSince.get() + TimeUnit.MILLISECONDS.toNanos(timeoutMs()) - now;
            try {
                if (left <= 0 || !firstSync.await(left, TimeUnit.NANOSECONDS)) {
                    gaveUpWaiting = true;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return flag.snapshot.pending() ? UNDECIDED : flag.snapshot;
            }
        }
        return flag.snapshot;
    }

    /**
     * The first calls began to wait (for the agent to start) at this {@link System#nanoTime()}:
     * their wait for the first read ends timeout-ms after it.
     */
    public void waitingSince(long nanoTime) {
        waitingSince.compareAndSet(NOT_WAITING, nanoTime);
    }

    /** Waits up to {@code ms} for the first read of the store to end (with values or with a failure). */
    public boolean awaitFirstRead(long ms) throws InterruptedException {
        return firstSync.await(ms, TimeUnit.MILLISECONDS);
    }

    int timeoutMs() {
        RedisSettings r = config.redis();
        return r == null ? RedisSettings.DEFAULT_TIMEOUT_MS : r.timeoutMs();
    }

    // ---- configuration

    /**
     * Applies a new pancake.yml. A new store (when the Redis settings changed) replaces the old
     * one, which is closed.
     */
    public void reload(Config next, Store nextStore) {
        configs.reload(next, nextStore);
    }

    /** A fallback that failed at run time (see {@link Fallback.Unusable}): reported once, then refused. */
    Fallback unusable(MethodGate gate, String why) {
        return configs.unusable(gate, why);
    }

    // ---- writes

    /**
     * Changes a flag in the store, the way flask-pancake 0.5 does, then reads it back so the
     * caller sees its own change.
     *
     * @throws IllegalArgumentException for an undeclared flag, an unknown group, a verb the type
     *                                  does not have or a bad percentage (the message says which)
     * @throws StoreException           when the store cannot be reached
     */
    public void command(FlagType type, String rawName, Verb verb, String group, String id, String value)
            throws StoreException {
        command(type, rawName, verb, group, id, value, Origin.api(config));
    }

    /**
     * {@link #command(FlagType, String, Verb, String, String, String)}, recorded in the history
     * as made by {@code origin}.
     */
    public void command(FlagType type, String rawName, Verb verb, String group, String id, String value, Origin origin)
            throws StoreException {
        List<String> touched = FlagCommands.apply(sync.store(), config, keys, type, rawName, verb, group, id, value,
                records ? history().as(origin) : Recorder.PLAIN);
        sync.runOnSync(() -> sync.refresh(touched, false));
    }

    /** Keeps no history: for a test JVM (pancake-junit), whose changes must leave nothing behind. */
    public void recordNothing() {
        records = false;
    }

    /**
     * A stored value changed, as the change feed reported it: perhaps another client's change,
     * which the history then records once (on the timer thread; this never waits). The in-memory
     * store has no other clients.
     */
    void changedInStore(Store s, Keys.Ref ref, String key, String before, String after) {
        if (records && !(s instanceof MemoryStore)) {
            external.seen(s, history(), ref, key, before, after);
        }
    }

    /** The history of the namespace in use. */
    public HistoryLog history() {
        HistoryLog h = history;
        if (h == null || !h.keys().namespace().equals(keys.namespace())) {
            h = new HistoryLog(keys);
            history = h;
        }
        return h;
    }

    /**
     * Every declared flag (by its declared type) and every flag that gated code uses under
     * another type or without a declaration, with live counts and the methods that use it.
     */
    public List<FlagReport> reports() {
        return reports.reports();
    }

    /** Returns once the sync thread has applied every change queued before this call (for tests). */
    void flush() {
        sync.awaitIdle(Math.max(1_000, timeoutMs() * 4L));
    }

    /** Stops the background work and closes the store. */
    public void close() {
        sync.close();
    }
}
