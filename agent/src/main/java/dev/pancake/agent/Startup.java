package dev.pancake.agent;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import dev.pancake.agent.engine.Engine;
import dev.pancake.agent.log.Log;
import dev.pancake.bridge.Api;
import dev.pancake.bridge.FlagHandle;

/**
 * The engine while it is being built on the {@code pancake-start} thread: whoever needs it first
 * (the transformer meeting the first class with {@code @Toggle} methods, or the programmatic API)
 * waits for it, boundedly. Until then it stands in for the engine as the bridge's {@link Api}.
 *
 * <p>Building the engine means reading pancake.yml (SnakeYAML) and opening the store (Jedis): a
 * few hundred classes that no longer sit on the application's start-up path, which runs on
 * meanwhile. Waiting keeps every answer right: no class is instrumented and no flag answered
 * before pancake.yml is known.
 */
final class Startup extends Api {

    /**
     * How long a thread waits for the engine. Building it is local work (no connection is made),
     * well under a second even on a loaded machine; the bound only matters if it hangs.
     */
    static final long WAIT_MS = 10_000;

    private final CountDownLatch done = new CountDownLatch(1);
    private volatile Engine engine;

    /** The engine, once built. */
    void ready(Engine built) {
        engine = built;
        done.countDown();
    }

    /** Building the engine failed (already reported): waiters get null from now on. */
    void failed() {
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
                        + " classes loaded meanwhile run ungated and the API answers as if no agent were attached");
            }
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
        return engine;
    }

    @Override
    public FlagHandle handle(String type, String name, Class<?> caller) {
        Engine e = engine();
        return e == null ? null : e.handle(type, name, caller);
    }
}
