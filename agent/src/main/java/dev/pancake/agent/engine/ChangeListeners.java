package dev.pancake.agent.engine;

import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import dev.pancake.agent.config.Config;
import dev.pancake.agent.config.FlagDef;
import dev.pancake.agent.log.Log;
import dev.pancake.agent.protocol.Keys;

/**
 * Who wants to hear of changed flags (the OpenFeature provider, through the bridge), and the
 * delivery of each change to them.
 *
 * <p>The sync thread reports names here while it holds the sync lock; they are only noted, and a
 * {@code pancake-events} thread calls the listeners later, outside every lock of the agent, so a
 * slow or throwing listener cannot hold up the store's reads. Names that change again before
 * their delivery are delivered once. The thread exists only while there is something to deliver,
 * and only in a JVM that has listeners: an application without one pays one volatile read per
 * change.
 *
 * <p>Listeners are held weakly (see {@link dev.pancake.bridge.Api#onChange}): one that belongs to a
 * class loader the application dropped is forgotten, never kept.
 */
final class ChangeListeners {

    private static final long IDLE_MS = 30_000;

    private final List<WeakReference<Consumer<String>>> listeners = new CopyOnWriteArrayList<>();
    private final Set<String> pending = new LinkedHashSet<>(); // guarded by itself
    private boolean queued; // guarded by pending
    private volatile ThreadPoolExecutor delivery;

    private final Runnable deliverTask = new Runnable() { // a class, not a lambda: see StoreSync's tasks
        @Override
        public void run() {
            deliver();
        }
    };

    /** True while anyone listens: the sync thread skips collecting changes otherwise. */
    boolean any() {
        return !listeners.isEmpty();
    }

    Runnable add(Consumer<String> listener) {
        Objects.requireNonNull(listener, "listener");
        WeakReference<Consumer<String>> ref = new WeakReference<>(listener);
        synchronized (pending) {
            if (delivery == null) {
                delivery = executor();
            }
        }
        listeners.add(ref);
        return new Runnable() {
            @Override
            public void run() {
                listeners.remove(ref);
            }
        };
    }

    /** These flags changed; called under the sync lock once their snapshots are in place. Never calls a listener. */
    void changed(Set<String> names) {
        if (names.isEmpty() || listeners.isEmpty()) {
            return;
        }
        synchronized (pending) {
            pending.addAll(names);
            if (queued) {
                return;
            }
            queued = true;
        }
        delivery.execute(deliverTask);
    }

    private void deliver() {
        List<String> names;
        synchronized (pending) {
            names = new ArrayList<>(pending);
            pending.clear();
            queued = false;
        }
        for (WeakReference<Consumer<String>> ref : listeners) {
            Consumer<String> listener = ref.get();
            if (listener == null) {
                listeners.remove(ref);
                continue;
            }
            for (String name : names) {
                try {
                    listener.accept(name);
                } catch (Throwable t) {
                    if (t instanceof VirtualMachineError vme) {
                        throw vme;
                    }
                    Log.once(Log.Level.WARN, "listener-failed:" + listener.getClass().getName() + ":" + t.getClass().getName(),
                            "a flag change listener (" + listener.getClass().getName() + ") threw " + t
                                    + "; the agent goes on, and so do the other listeners");
                }
            }
        }
    }

    /**
     * The flags whose stored values differ between two full reads of the store ({@code before} and
     * {@code after}: key to raw value).
     */
    static Set<String> differences(Map<String, String> before, Map<String, String> after, Keys keys) {
        Set<String> names = new LinkedHashSet<>();
        for (Map.Entry<String, String> e : after.entrySet()) {
            if (!e.getValue().equals(before.get(e.getKey()))) {
                add(names, keys, e.getKey());
            }
        }
        for (String key : before.keySet()) {
            if (!after.containsKey(key)) {
                add(names, keys, key);
            }
        }
        return names;
    }

    private static void add(Set<String> names, Keys keys, String key) {
        Keys.Ref ref = keys.parse(key);
        if (ref != null) {
            names.add(ref.name());
        }
    }

    /** The flags whose declaration (type, default, stickiness, or being declared at all) differs between two configurations. */
    static Set<String> differences(Config before, Config after) {
        Set<String> names = new LinkedHashSet<>();
        for (FlagDef def : after.flags().values()) {
            if (!sameDecision(def, before.flag(def.name()))) {
                names.add(def.name());
            }
        }
        for (FlagDef def : before.flags().values()) {
            if (after.flag(def.name()) == null) {
                names.add(def.name());
            }
        }
        return names;
    }

    private static boolean sameDecision(FlagDef a, FlagDef b) {
        return b != null && a.type() == b.type() && a.defaultActive() == b.defaultActive()
                && Double.compare(a.defaultPercent(), b.defaultPercent()) == 0 && Objects.equals(a.sticky(), b.sticky());
    }

    private static ThreadPoolExecutor executor() {
        ThreadPoolExecutor pool = new ThreadPoolExecutor(0, 1, IDLE_MS, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<Runnable>(),
                new ThreadFactory() {
                    @Override
                    public Thread newThread(Runnable r) {
                        Thread t = new Thread(r, "pancake-events");
                        t.setDaemon(true);
                        t.setContextClassLoader(ChangeListeners.class.getClassLoader()); // never an application's
                        return t;
                    }
                });
        return pool;
    }
}
