package dev.pancake.agent;

import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

import dev.pancake.agent.config.Config;
import dev.pancake.agent.config.FlagType;
import dev.pancake.agent.config.RedisSettings;
import dev.pancake.agent.engine.Engine;
import dev.pancake.agent.engine.MethodInfo;
import dev.pancake.agent.engine.UndecidedGate;
import dev.pancake.agent.instrument.Gates;
import dev.pancake.agent.log.Log;
import dev.pancake.bridge.Api;
import dev.pancake.bridge.Bridge;
import dev.pancake.bridge.FlagHandle;
import dev.pancake.bridge.Gate;

/**
 * The agent while its engine is being built on the {@code pancake-start} thread (reading
 * pancake.yml with SnakeYAML, opening the store with Jedis: a few hundred classes that stay off
 * the application's start-up path).
 *
 * <p>Nothing waits for it but what needs an answer from it. Classes with {@code @Toggle} methods
 * load at once: each method gets a stand-in gate ({@link PendingGate}), replaced in the bridge by
 * the real one as soon as the engine is ready.
 *
 * <p>It fails closed: a gated call that cannot be decided (the engine is not ready in time, it
 * could not be built, the calling thread is interrupted) counts as inactive and runs the
 * {@code skip} fallback of its method ({@link UndecidedGate}), never the body. The first calls
 * wait for the engine, and then for the store's first read, until one deadline: {@code timeout-ms}
 * after the first of them began to wait ({@link RedisSettings#DEFAULT_TIMEOUT_MS} while pancake.yml
 * is not read yet). Once that deadline has passed, no call waits.
 */
final class Startup extends Api implements Gates {

    private final ReentrantLock lock = new ReentrantLock(); // not a monitor: a waiting virtual thread would pin its carrier
    private final Condition changed = lock.newCondition();
    private final List<PendingGate> pending = new ArrayList<>();
    private final List<String> pendingClasses = new ArrayList<>();
    /** Change listeners subscribed before the engine was ready, handed to it when it is. Guarded by lock. */
    private final List<EarlyListener> earlyListeners = new ArrayList<>();
    private volatile Engine engine;
    private volatile boolean failed;
    /** The wait's bound: the default timeout-ms until pancake.yml is read, then its own. Guarded by lock. */
    private long waitNanos = TimeUnit.MILLISECONDS.toNanos(RedisSettings.DEFAULT_TIMEOUT_MS);
    /** When the first call began to wait (System.nanoTime()), if one has. Guarded by lock. */
    private long waitingSince;
    private boolean waiting;

    /** pancake.yml is read: its timeout-ms bounds the wait from now on (still counted from the first call's). */
    void configured(Config config) {
        RedisSettings redis = config.redis();
        lock.lock();
        try {
            waitNanos = TimeUnit.MILLISECONDS.toNanos(redis == null ? RedisSettings.DEFAULT_TIMEOUT_MS : redis.timeoutMs());
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** The engine is built: the stand-in gates are replaced, and waiting calls go on. */
    void ready(Engine built) {
        lock.lock();
        try {
            for (PendingGate p : pending) {
                ClassLoader loader = p.loader.get();
                if (loader == null && !p.boot) {
                    continue; // the application dropped the class loader meanwhile: its class cannot run
                }
                try {
                    built.gate(p.type, p.name, p.method, loader, p.id);
                } catch (RuntimeException | LinkageError e) {
                    Bridge.replace(p.id, new UndecidedGate(p.method));
                    Log.once(Log.Level.ERROR, "pending:" + p.method.signature(), "could not gate "
                            + p.method.signature() + ", its flag counts as inactive (skip): " + e);
                }
            }
            pending.clear();
            for (String c : pendingClasses) {
                built.classInstrumented(c);
            }
            pendingClasses.clear();
            for (EarlyListener l : earlyListeners) {
                Consumer<String> listener = l.listener.get();
                if (listener != null) {
                    l.handedOver = built.onChange(listener);
                }
            }
            earlyListeners.clear();
            if (waiting) {
                built.waitingSince(waitingSince); // the calls waiting now go on waiting for the first read, within the same deadline
            }
            engine = built;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Building the engine failed (already reported): every gated method runs its skip fallback. */
    void failed() {
        lock.lock();
        try {
            failed = true;
            for (PendingGate p : pending) {
                Bridge.replace(p.id, new UndecidedGate(p.method));
            }
            pending.clear();
            pendingClasses.clear();
            earlyListeners.clear(); // no engine, no changes to tell of
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * The engine, waiting for it until the deadline (see the class comment); null when it is not
     * there by then, could not be built, or the thread is interrupted (its interrupt status stays set).
     */
    Engine engine() {
        Engine e = engine;
        if (e != null || failed) {
            return e;
        }
        lock.lock();
        try {
            long now = System.nanoTime();
            if (!waiting) {
                waiting = true;
                waitingSince = now;
            }
            while (engine == null && !failed) {
                long left = waitingSince + waitNanos - now;
                if (left <= 0) {
                    Log.once(Log.Level.WARN, "startup-slow", "the agent is still starting after "
                            + TimeUnit.NANOSECONDS.toMillis(waitNanos) + " ms (timeout-ms); until it is ready, gated"
                            + " methods run their skip fallback and the API answers as if no agent were attached");
                    break;
                }
                try {
                    changed.awaitNanos(left);
                } catch (InterruptedException ex) {
                    Thread.currentThread().interrupt();
                    break;
                }
                now = System.nanoTime();
            }
            return engine;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public int gate(FlagType type, String name, MethodInfo method, ClassLoader loader) {
        Engine e;
        lock.lock();
        try {
            e = engine;
            if (e == null) {
                if (failed) {
                    return Bridge.register(new UndecidedGate(method));
                }
                PendingGate p = new PendingGate(this, type, name, method, loader);
                p.id = Bridge.register(p);
                pending.add(p);
                return p.id;
            }
        } finally {
            lock.unlock();
        }
        return e.gate(type, name, method, loader).id();
    }

    @Override
    public void instrumented(String className) {
        Engine e;
        lock.lock();
        try {
            e = engine;
            if (e == null) {
                if (!failed) {
                    pendingClasses.add(className);
                }
                return;
            }
        } finally {
            lock.unlock();
        }
        e.classInstrumented(className);
    }

    @Override
    public FlagHandle handle(String type, String name, Class<?> caller) {
        Engine e = engine();
        return e == null ? null : e.handle(type, name, caller);
    }

    @Override
    public String declaredType(String name) {
        return answering().declaredType(name);
    }

    @Override
    public List<String> groups() {
        return answering().groups();
    }

    @Override
    public String evaluate(String name, Map<String, String> ids) {
        return answering().evaluate(name, ids);
    }

    /** The engine, waiting for it as a gated call would; throws when it is not there in time. */
    private Engine answering() {
        Engine e = engine();
        if (e == null) {
            throw new IllegalStateException(failed ? "the Pancake agent could not start (its log on stderr says why)"
                    : "the Pancake agent is still starting");
        }
        return e;
    }

    /**
     * Never waits: a listener subscribed while the agent starts is held (weakly, as the engine holds
     * its listeners) and handed to the engine once it is ready.
     */
    @Override
    public Runnable onChange(Consumer<String> listener) {
        Engine e;
        lock.lock();
        try {
            e = engine;
            if (e == null) {
                EarlyListener l = new EarlyListener(listener);
                if (!failed) {
                    earlyListeners.add(l);
                }
                return l;
            }
        } finally {
            lock.unlock();
        }
        return e.onChange(listener);
    }

    /** A listener subscribed before the engine was ready; running it unsubscribes, before or after the hand-over. */
    private final class EarlyListener implements Runnable {
        final WeakReference<Consumer<String>> listener;
        Runnable handedOver; // guarded by lock

        EarlyListener(Consumer<String> listener) {
            this.listener = new WeakReference<>(java.util.Objects.requireNonNull(listener, "listener"));
        }

        @Override
        public void run() {
            Runnable unsubscribe;
            lock.lock();
            try {
                earlyListeners.remove(this);
                unsubscribe = handedOver;
                handedOver = null;
            } finally {
                lock.unlock();
            }
            if (unsubscribe != null) {
                unsubscribe.run();
            }
        }
    }

    /**
     * The gate of a method instrumented before the engine was ready. Its first call waits for the
     * engine (see {@link Startup}), which has by then put the real gate in its place in the
     * bridge; a call that cannot wait for it counts as inactive and runs the skip fallback.
     */
    static final class PendingGate extends Gate {
        final Startup startup;
        final FlagType type;
        final String name;
        final MethodInfo method;
        /** Weak: a stand-in left in the bridge (the agent could not start) must not keep the application's loader. */
        final WeakReference<ClassLoader> loader;
        final boolean boot;
        final UndecidedGate undecided;
        volatile int id;

        PendingGate(Startup startup, FlagType type, String name, MethodInfo method, ClassLoader loader) {
            this.startup = startup;
            this.type = type;
            this.name = name;
            this.method = method;
            this.loader = new WeakReference<>(loader);
            this.boot = loader == null;
            this.undecided = new UndecidedGate(method);
        }

        /** The gate in this one's place by now, or null while there is none. Never waits. */
        private Gate replacement() {
            Gate g = Bridge.gate(id);
            return g == this ? null : g;
        }

        @Override
        public boolean enter() {
            startup.engine();
            Gate g = replacement();
            return g != null && g.enter();
        }

        @Override
        public Object fallback(Class<?> owner, Object self, Object[] args) throws Throwable {
            Gate g = replacement();
            return g == null ? undecided.fallback(owner, self, args) : g.fallback(owner, self, args);
        }

        @Override
        public void failed(Throwable cause) {
            Gate g = replacement();
            if (g != null) {
                g.failed(cause);
            } else {
                Log.once(Log.Level.ERROR, "pending-failed:" + method.signature() + ":" + cause.getClass().getName(),
                        "deciding " + method.signature() + " while the agent starts failed with " + cause
                                + "; such calls count as inactive and run the skip fallback");
            }
        }
    }
}
