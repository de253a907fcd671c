package dev.pancake.agent.background;

import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;

import dev.pancake.agent.log.Log;

/**
 * The agent's one thread for small periodic chores ({@code pancake-timer}): looking at pancake.yml,
 * pinging change feeds, following a Sentinel's or a Cluster's topology, waiting for JMX. The agent
 * lives in someone else's JVM, so chores share one thread instead of each sleeping in its own.
 *
 * <p>A chore must be quick and bounded (every network call it makes has a timeout): a chore that
 * blocks delays the others. A chore that throws is reported once and keeps its schedule. Reading
 * Redis for gated calls is not a chore: the engine has its own thread for that.
 */
public final class Background {

    private static final ScheduledExecutorService TIMER = timer();

    private Background() {}

    /** Runs {@code chore} every {@code ms} milliseconds, the first time after {@code ms}, until cancelled. */
    public static Future<?> every(long ms, String what, Runnable chore) {
        return every(ms, ms, what, chore);
    }

    /** Runs {@code chore} after {@code firstMs}, then {@code ms} after each run ends, until cancelled. */
    public static Future<?> every(long firstMs, long ms, String what, Runnable chore) {
        return TIMER.scheduleWithFixedDelay(guarded(what, chore), firstMs, ms, TimeUnit.MILLISECONDS);
    }

    /** Runs {@code chore} once, after {@code ms} milliseconds. */
    public static Future<?> after(long ms, String what, Runnable chore) {
        return TIMER.schedule(guarded(what, chore), ms, TimeUnit.MILLISECONDS);
    }

    private static Runnable guarded(String what, Runnable chore) {
        return new Runnable() {
            @Override
            public void run() {
                try {
                    chore.run();
                } catch (Throwable t) {
                    Log.once(Log.Level.ERROR, "chore:" + what + ":" + t.getClass().getName(), what + " failed: " + t);
                }
            }
        };
    }

    private static ScheduledExecutorService timer() {
        ClassLoader agentLoader = Background.class.getClassLoader();
        ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, new ThreadFactory() {
            @Override
            public Thread newThread(Runnable r) {
                Thread t = new Thread(r, "pancake-timer");
                t.setDaemon(true);
                // never an application loader: nothing here may keep one alive or wait on one
                t.setContextClassLoader(agentLoader);
                return t;
            }
        });
        timer.setRemoveOnCancelPolicy(true); // cancelled chores (a closed feed's pings) leave no trace
        return timer;
    }
}
