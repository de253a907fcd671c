package dev.pancake.agent;

import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import dev.pancake.agent.config.FlagType;
import dev.pancake.agent.engine.Engine;
import dev.pancake.agent.engine.MethodInfo;
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
 * the real one as soon as the engine is ready. A gated call or an API call that comes earlier
 * waits for the engine (boundedly), so no answer is given before pancake.yml is known.
 */
final class Startup extends Api implements Gates {

    /**
     * How long a gated or API call waits for the engine. Building it is local work (no connection
     * is made), well under a second even on a loaded machine; the bound only matters if it hangs.
     */
    static final long WAIT_MS = 10_000;

    private final CountDownLatch done = new CountDownLatch(1);
    private final List<PendingGate> pending = new ArrayList<>();
    private final List<String> pendingClasses = new ArrayList<>();
    private volatile Engine engine;
    private volatile boolean failed;

    /** The engine is built: the stand-in gates are replaced, and waiting calls go on. */
    void ready(Engine built) {
        synchronized (this) {
            for (PendingGate p : pending) {
                ClassLoader loader = p.loader.get();
                if (loader == null && !p.boot) {
                    continue; // the application dropped the class loader meanwhile: its class cannot run
                }
                try {
                    built.gate(p.type, p.name, p.method, loader, p.id);
                } catch (RuntimeException | LinkageError e) {
                    Log.once(Log.Level.ERROR, "pending:" + p.method.signature(), "could not gate "
                            + p.method.signature() + ", it runs as written: " + e);
                }
            }
            pending.clear();
            for (String c : pendingClasses) {
                built.classInstrumented(c);
            }
            pendingClasses.clear();
            engine = built;
        }
        done.countDown();
    }

    /** Building the engine failed (already reported): the application runs without flags. */
    void failed() {
        failed = true;
        synchronized (this) {
            pending.clear();
            pendingClasses.clear();
        }
        done.countDown();
    }

    /** The engine, waiting for it if needed; null if it failed or took longer than {@link #WAIT_MS}. */
    Engine engine() {
        Engine e = engine;
        if (e != null) {
            return e;
        }
        try {
            if (!done.await(WAIT_MS, TimeUnit.MILLISECONDS)) {
                Log.once(Log.Level.ERROR, "startup-slow", "the agent is still starting after " + WAIT_MS + " ms;"
                        + " meanwhile gated methods run as written and the API answers as if no agent were attached");
            }
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
        return engine;
    }

    @Override
    public int gate(FlagType type, String name, MethodInfo method, ClassLoader loader) {
        Engine e;
        synchronized (this) {
            e = engine;
            if (e == null) {
                if (failed) {
                    return -1;
                }
                PendingGate p = new PendingGate(this, type, name, method, loader);
                p.id = Bridge.register(p);
                pending.add(p);
                return p.id;
            }
        }
        return e.gate(type, name, method, loader).id();
    }

    @Override
    public void instrumented(String className) {
        Engine e;
        synchronized (this) {
            e = engine;
            if (e == null) {
                if (!failed) {
                    pendingClasses.add(className);
                }
                return;
            }
        }
        e.classInstrumented(className);
    }

    @Override
    public FlagHandle handle(String type, String name, Class<?> caller) {
        Engine e = engine();
        return e == null ? null : e.handle(type, name, caller);
    }

    /**
     * The gate of a method instrumented before the engine was ready. Its first call waits for the
     * engine, which has by then put the real gate in its place in the bridge; until then, and if
     * the agent could not start, the method runs as written.
     */
    static final class PendingGate extends Gate {
        final Startup startup;
        final FlagType type;
        final String name;
        final MethodInfo method;
        /** Weak: a stand-in left in the bridge (the agent could not start) must not keep the application's loader. */
        final WeakReference<ClassLoader> loader;
        final boolean boot;
        volatile int id;

        PendingGate(Startup startup, FlagType type, String name, MethodInfo method, ClassLoader loader) {
            this.startup = startup;
            this.type = type;
            this.name = name;
            this.method = method;
            this.loader = new WeakReference<>(loader);
            this.boot = loader == null;
        }

        /** The real gate, or null when there is none (the agent could not start in time). */
        private Gate real() {
            startup.engine();
            Gate g = Bridge.gate(id);
            return g == this ? null : g;
        }

        @Override
        public boolean enter() {
            Gate g = real();
            return g == null || g.enter();
        }

        @Override
        public Object fallback(Class<?> owner, Object self, Object[] args) throws Throwable {
            Gate g = real();
            return g == null ? null : g.fallback(owner, self, args);
        }

        @Override
        public void failed(Throwable cause) {
            Gate g = real();
            if (g != null) {
                g.failed(cause);
            }
        }
    }
}
