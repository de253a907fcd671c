package dev.pancake.agent.engine;

import java.lang.ref.ReferenceQueue;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import dev.pancake.agent.config.Config;
import dev.pancake.agent.config.FallbackSpec;
import dev.pancake.agent.config.FlagDef;
import dev.pancake.agent.config.FlagType;
import dev.pancake.agent.config.GroupDef;
import dev.pancake.agent.config.Percent;
import dev.pancake.agent.config.RedisSettings;
import dev.pancake.agent.log.Log;
import dev.pancake.agent.store.Store;
import dev.pancake.agent.store.StoreException;
import dev.pancake.bridge.Api;
import dev.pancake.bridge.Bridge;
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
    private final List<MethodGate> gates = new CopyOnWriteArrayList<>();
    /** The bridge numbers of gates whose class loader was collected, for new gates. Guards the registration of gates. */
    private final ArrayDeque<Integer> freeIds = new ArrayDeque<>();
    /** Where the references of collected class loaders arrive (see {@link #retireDroppedGates}). */
    private final ReferenceQueue<ClassLoader> droppedLoaders = new ReferenceQueue<>();
    private final Map<ClassLoader, LoaderContext> contexts = new WeakHashMap<>();
    private final LoaderContext bootContext = new LoaderContext(null, droppedLoaders);
    final CountDownLatch firstSync = new CountDownLatch(1);
    /** When the first call began to wait for the first read; see {@link #awaitFirstSync}. */
    private final AtomicLong waitingSince = new AtomicLong(NOT_WAITING);
    private static final long NOT_WAITING = Long.MIN_VALUE;
    /** What an undecided call evaluates: inactive for every type (as an undeclared flag is). */
    private static final FlagState.Snapshot UNDECIDED = new FlagState.Snapshot(null, false, null, false, 0,
            new Overrides[0], -1);

    volatile Config config;
    volatile Keys keys;
    private volatile boolean gaveUpWaiting;

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
        LoaderContext context = context(loader);
        MethodGate gate;
        switch (type) {
            case SWITCH: gate = new MethodGate.SwitchGate(this, flag, method, context); break;
            case FLAG: gate = new MethodGate.FlagGate(this, flag, method, context); break;
            default: gate = new MethodGate.SampleGate(this, flag, method, context); break;
        }
        Config cfg = config;
        gate.fallback = plan(gate, cfg);
        checkDeclaration(type, name, method, cfg);
        synchronized (freeIds) {
            retireDroppedGates();
            Integer free = id < 0 ? freeIds.poll() : Integer.valueOf(id);
            if (free == null) {
                gate.id = Bridge.register(gate);
            } else {
                gate.id = free;
                Bridge.replace(free, gate);
            }
            gates.add(gate);
        }
        if (config != cfg) {
            // a reload ran while this gate was being made, and may have missed it
            gate.fallback = plan(gate, config);
        }
        return gate;
    }

    /**
     * Called once every gated method of a class is registered: reports the {@code methods:}
     * entries that name a method of that class which the flag does not gate (a typo would
     * otherwise silently have no effect).
     */
    public void classInstrumented(String className) {
        checkMethodEntries(config, className);
    }

    private void checkMethodEntries(Config cfg, String onlyClass) {
        for (FlagDef def : cfg.flags().values()) {
            for (String ref : def.methods().keySet()) {
                int hash = ref.indexOf('#');
                String className = ref.substring(0, hash);
                String method = ref.substring(hash + 1);
                if (onlyClass != null && !onlyClass.equals(className)) {
                    continue;
                }
                boolean instrumented = false;
                boolean gated = false;
                for (MethodGate g : gates) {
                    if (g.method.className().equals(className)) {
                        instrumented = true;
                        gated |= g.method.name().equals(method) && g.flag.name.equals(def.name());
                    }
                }
                if (instrumented && !gated) {
                    Log.once(Log.Level.WARN, "unused-method-entry:" + def.name() + ":" + ref, cfg.source() + " (line "
                            + def.line() + "): flags." + def.name() + ".methods names " + ref + ", but no method "
                            + method + " of " + className + " is gated by " + def.name() + "; the entry has no effect");
                }
            }
        }
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
        return new ApiHandle(this, track(t, n), context(caller == null ? null : caller.getClassLoader()));
    }

    private static String api(FlagType type) {
        switch (type) {
            case SWITCH: return "Switch";
            case FLAG: return "Flag";
            default: return "Sample";
        }
    }

    public List<MethodGate> gates() {
        return List.copyOf(liveGates());
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
    private FlagState track(FlagType type, String name) {
        String id = type.keyPrefix() + ":" + name;
        FlagState existing = flags.get(id);
        if (existing != null) {
            return existing;
        }
        boolean[] created = {false};
        FlagState f = flags.computeIfAbsent(id, k -> {
            created[0] = true;
            FlagState fresh = new FlagState(type, name, keys.main(type, name), null);
            fresh.snapshot = snapshots.build(fresh, config, firstSync.getCount() > 0);
            return fresh;
        });
        if (created[0] && config.flag(name) != null && firstSync.getCount() == 0) {
            // declared, but first used after the first read (a reload, or another type): read it now
            sync.soon(type == FlagType.FLAG ? sync::fullSync : () -> sync.refresh(List.of(f.key)));
        }
        return f;
    }

    /**
     * Forgets the gates of class loaders that the application dropped and that were collected
     * since (a redeployed webapp): none of their classes can run any more, so their numbers in the
     * bridge go to new gates, and reports no longer list their methods. Called with
     * {@link #freeIds} held.
     */
    private void retireDroppedGates() {
        if (droppedLoaders.poll() == null) {
            return;
        }
        while (droppedLoaders.poll() != null) {
            // one pass below covers every loader collected so far
        }
        List<MethodGate> dropped = new ArrayList<>();
        for (MethodGate g : gates) {
            if (g.context.dropped()) {
                dropped.add(g);
            }
        }
        gates.removeAll(dropped);
        for (MethodGate g : dropped) {
            freeIds.add(g.id);
        }
    }

    /** The gates of the classes that can still run. */
    private List<MethodGate> liveGates() {
        synchronized (freeIds) {
            retireDroppedGates();
        }
        return gates;
    }

    private LoaderContext context(ClassLoader loader) {
        if (loader == null) {
            return bootContext;
        }
        synchronized (contexts) {
            return contexts.computeIfAbsent(loader, l -> {
                LoaderContext c = new LoaderContext(l, droppedLoaders);
                c.groups(config.groups());
                return c;
            });
        }
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
        sync.runOnSync(() -> {
            Config previous = config;
            config = new Config(next.source(), previous.namespace(), next.redis(), next.groups(), next.flags(),
                    next.admin());
            Config applied = config;
            if (!next.namespace().equals(previous.namespace())) {
                Log.warn(next.source() + ": the namespace changed from " + previous.namespace() + " to "
                        + next.namespace() + "; it takes effect when the JVM restarts, until then "
                        + previous.namespace() + " stays in use");
            }
            boolean resync = false;
            if (nextStore != null) {
                sync.replaceStore(nextStore);
                resync = true;
            }
            for (FlagDef def : applied.flags().values()) {
                track(def.type(), def.name());
            }
            // Plan and build everything first (the slow part: it may load classes), then switch
            // over in one quick pass, so that calls meanwhile see the old configuration or the new
            // one, not a mix of both for long.
            List<MethodGate> gated = List.copyOf(liveGates());
            Fallback[] planned = new Fallback[gated.size()];
            for (int i = 0; i < planned.length; i++) {
                MethodGate g = gated.get(i);
                planned[i] = plan(g, applied);
                checkDeclaration(g.flag.type, g.flag.name, g.method, applied);
            }
            boolean loading = firstSync.getCount() > 0;
            List<FlagState> all = List.copyOf(flags.values());
            FlagState.Snapshot[] built = new FlagState.Snapshot[all.size()];
            for (int i = 0; i < built.length; i++) {
                built[i] = snapshots.build(all.get(i), applied, loading);
            }
            if (!applied.groups().equals(previous.groups())) {
                bootContext.groups(applied.groups());
                synchronized (contexts) {
                    contexts.values().forEach(c -> c.groups(applied.groups()));
                }
            }
            for (int i = 0; i < planned.length; i++) {
                gated.get(i).fallback = planned[i];
            }
            checkMethodEntries(applied, null);
            for (int i = 0; i < built.length; i++) {
                all.get(i).snapshot = built[i];
            }
            if (resync || !loading) {
                sync.fullSync();
            }
        });
    }

    private Fallback plan(MethodGate gate, Config cfg) {
        FlagDef def = cfg.flag(gate.flag.name);
        FallbackSpec spec = def == null ? FallbackSpec.SKIP
                : def.fallbackFor(gate.method.className(), gate.method.name());
        try {
            Fallback planned = FallbackPlanner.plan(gate.flag.name, spec, gate.method);
            if (gate.misfitReport != null) {
                Log.forget(gate.misfitReport); // fixed: a later edit that breaks it again is reported again
                gate.misfitReport = null;
            }
            return planned;
        } catch (FallbackPlanner.Misfit e) {
            return misfit(gate, "does not fit: " + e.getMessage());
        }
    }

    /** A fallback that failed at run time (see {@link Fallback.Unusable}): reported once, then refused. */
    Fallback unusable(MethodGate gate, String why) {
        return misfit(gate, "cannot be used: " + why);
    }

    private Fallback misfit(MethodGate gate, String problem) {
        String name = gate.flag.name;
        String message = "flag " + name + ": the fallback of " + gate.method.signature() + " " + problem;
        gate.misfitReport = "misfit:" + message;
        Log.once(Log.Level.ERROR, gate.misfitReport, message
                + "; while the flag is inactive the method throws FeatureDisabledException");
        return Fallback.disabled(name, "feature " + name + " is disabled, and the fallback of "
                + gate.method.signature() + " " + problem);
    }

    private void checkDeclaration(FlagType type, String name, MethodInfo method, Config cfg) {
        FlagDef def = cfg.flag(name);
        String undeclared = "undeclared:" + name + ":" + method.signature();
        String mismatch = "mismatch:" + name + ":" + method.signature();
        if (def == null) {
            Log.once(Log.Level.WARN, undeclared, "flag " + name + " used by " + method.signature()
                    + " is not declared in " + cfg.source() + "; it stays inactive");
        } else {
            Log.forget(undeclared); // so that a later edit that drops it again is reported again
        }
        FlagType declared = def != null && def.typeDeclared() && def.type() != type ? def.type() : null;
        for (FlagType t : FlagType.values()) {
            if (t != declared) {
                Log.forget(mismatch + ":" + t);
            }
        }
        if (declared != null) {
            Log.once(Log.Level.WARN, mismatch + ":" + def.type(), "flag " + name
                    + " is declared as a " + def.type().lower() + " in " + cfg.source() + " (line " + def.line()
                    + ") but " + method.signature() + " uses it as a " + type.lower()
                    + "; the annotation wins: the method reads " + keys.main(type, name));
        }
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
    public void command(FlagType type, String rawName, String verb, String group, String id, String value)
            throws StoreException {
        List<String> touched = FlagCommands.apply(sync.store(), config, keys, type, rawName, verb, group, id, value);
        sync.runOnSync(() -> sync.refresh(touched));
    }

    /**
     * Every declared flag (by its declared type) and every flag that gated code uses under
     * another type or without a declaration, with live counts and the methods that use it.
     */
    public List<FlagReport> reports() {
        Config cfg = config;
        List<FlagReport> out = new ArrayList<>();
        Set<String> done = new HashSet<>();
        for (FlagDef def : cfg.flags().values()) {
            FlagState f = track(def.type(), def.name());
            out.add(report(f, cfg));
            done.add(def.type().keyPrefix() + ":" + def.name());
        }
        liveGates();
        List<FlagState> others = new ArrayList<>();
        for (Map.Entry<String, FlagState> e : flags.entrySet()) {
            if (!done.contains(e.getKey()) && usedByGates(e.getValue())) {
                others.add(e.getValue());
            }
        }
        others.sort((a, b) -> a.name.equals(b.name) ? a.type.compareTo(b.type) : a.name.compareTo(b.name));
        for (FlagState f : others) {
            out.add(report(f, cfg));
        }
        return out;
    }

    private boolean usedByGates(FlagState f) {
        for (MethodGate g : gates) {
            if (g.flag == f) {
                return true;
            }
        }
        return false;
    }

    private FlagReport report(FlagState f, Config cfg) {
        FlagState.Snapshot s = f.snapshot;
        FlagDef def = cfg.flag(f.name);
        Map<String, Map<String, Boolean>> overrides = new java.util.LinkedHashMap<>();
        if (f.type == FlagType.FLAG && def != null) {
            for (GroupDef g : cfg.groups()) {
                overrides.put(g.name(), java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(f.overrides(g.name()))));
            }
        }
        List<String> methods = new ArrayList<>();
        for (MethodGate g : gates) {
            if (g.flag == f) {
                methods.add(g.method.signature());
            }
        }
        String current = def == null ? (f.type == FlagType.SAMPLE ? "0.0" : "false")
                : f.type == FlagType.SAMPLE ? Percent.format(s.percent()) : Boolean.toString(s.active());
        String defaultText = def == null ? (f.type == FlagType.SAMPLE ? "0.0" : "false")
                : f.type == FlagType.SAMPLE ? Percent.format(Snapshots.defaultPercent(def)) : Boolean.toString(Snapshots.defaultActive(def));
        return new FlagReport(f.name, f.type, def != null, defaultText, s.stored(), current,
                java.util.Collections.unmodifiableMap(overrides), FlagReport.Counts.of(f.counters), List.copyOf(methods));
    }

    /** Returns once the sync thread has applied every change queued before this call (for tests). */
    void flush() {
        sync.flush();
    }

    /** Stops the background work and closes the store. */
    public void close() {
        sync.close();
    }
}
