package dev.pancake.agent.fleet;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;

import dev.pancake.agent.background.Background;
import dev.pancake.agent.engine.Engine;
import dev.pancake.agent.engine.FlagReport;
import dev.pancake.agent.history.Origin;
import dev.pancake.agent.log.Log;
import dev.pancake.agent.protocol.Keys;
import dev.pancake.agent.store.Command;
import dev.pancake.agent.store.MemoryStore;
import dev.pancake.agent.store.Store;
import dev.pancake.agent.store.StoreException;

/**
 * This agent's heartbeat, about every {@value #EVERY_MS} ms on the agent's timer thread (no thread
 * of its own): {@code SET PANCAKE:{ns}:instance:{id} <json> EX 30}, its id in the sorted set
 * {@code PANCAKE:{ns}:instances} by the time of the beat (ids older than a minute are dropped),
 * and, in the hash {@code PANCAKE:{ns}:evaluated}, the time of the beat for each flag evaluated
 * since the last one. A clean shutdown deletes the heartbeat; otherwise it expires.
 *
 * <p>The counts come from the counters every gated call keeps anyway, read here; the gated call
 * itself does nothing more. So "last evaluated" is known to the beat: within about ten seconds.
 *
 * <p>With the in-memory store no other process could read a heartbeat, so none is written: the
 * beat does nothing, and {@link #latest()} describes this JVM when it is asked. What a beat needs
 * to know once (the process id, its start time, the host) is looked up at the first beat that is
 * sent, not at start-up.
 */
public final class Heartbeat {

    public static final long EVERY_MS = 10_000;
    static final long FIRST_MS = 200;
    public static final int EXPIRE_SECONDS = 30;
    /** How old an id in the index may be before any heartbeat drops it. */
    public static final long FORGET_MS = 60_000;
    /** The field of {@code PANCAKE:{ns}:evaluated} that says since when the namespace has heartbeats. */
    public static final String SINCE = "(since)";

    private final Engine engine;
    private final String agentVersion;
    /** This process, looked up at the first description (guarded by this). */
    private long pid;
    private long started;
    private String id;
    /** Guarded by this: each flag's evaluations at the last description, and when they last grew. */
    private final Map<String, Long> totals = new HashMap<>();
    private final Map<String, Long> lastEvaluated = new HashMap<>();
    private volatile Instance latest;
    private volatile Future<?> chore;
    private volatile boolean stopped;

    Heartbeat(Engine engine, String agentVersion) {
        this.engine = engine;
        this.agentVersion = agentVersion;
    }

    private void identify() {
        if (id != null) {
            return;
        }
        ProcessHandle me = ProcessHandle.current();
        pid = me.pid();
        java.util.Optional<java.time.Instant> start = me.info().startInstant();
        started = start.isPresent() ? start.get().toEpochMilli() : System.currentTimeMillis();
        id = Origin.thisHost() + "-" + pid + "-" + Long.toString(started, 36);
    }

    /** Starts the heartbeats on the timer thread; the first one soon. */
    public static Heartbeat start(Engine engine, String agentVersion) {
        Heartbeat h = new Heartbeat(engine, agentVersion);
        h.chore = Background.every(FIRST_MS, EVERY_MS, "sending the heartbeat", new Runnable() { // not a lambda: start path
            @Override
            public void run() {
                h.beat();
            }
        });
        return h;
    }

    public synchronized String id() {
        identify();
        return id;
    }

    /**
     * This agent as its last heartbeat described it (also when the store refused it), or null before
     * the first; with the in-memory store, as it is now.
     */
    public Instance latest() {
        if (engine.store() instanceof MemoryStore) {
            synchronized (this) {
                return describe(System.currentTimeMillis(), new HashMap<>());
            }
        }
        return latest;
    }

    synchronized void beat() {
        if (stopped || engine.store() instanceof MemoryStore) {
            return;
        }
        long now = System.currentTimeMillis();
        Map<String, Long> evaluatedNow = new HashMap<>();
        Instance me = describe(now, evaluatedNow);
        latest = me;
        if (!engine.storeUp()) {
            return; // a store that is down hears nothing; the heartbeat expires, as the instance is out of reach
        }
        Keys keys = engine.keys();
        List<Command> commands = new ArrayList<>();
        commands.add(Command.of("SET", keys.instance(id), me.toJson(), "EX", Integer.toString(EXPIRE_SECONDS)));
        commands.add(Command.of("ZADD", keys.instances(), Long.toString(now), id));
        commands.add(Command.of("ZREMRANGEBYSCORE", keys.instances(), "-inf", Long.toString(now - FORGET_MS)));
        commands.add(Command.of("HSETNX", keys.evaluated(), SINCE, Long.toString(now)));
        if (!evaluatedNow.isEmpty()) {
            List<String> hset = new ArrayList<>();
            hset.add(keys.evaluated());
            for (Map.Entry<String, Long> e : evaluatedNow.entrySet()) { // no lambdas: this runs soon after start-up
                hset.add(e.getKey());
                hset.add(Long.toString(e.getValue()));
            }
            commands.add(new Command("HSET", hset));
        }
        Store store = engine.store();
        try {
            store.run(commands, false);
            Log.forget("fleet-refused:" + store.describe());
        } catch (StoreException e) {
            if (e.refused() && e.getMessage().contains("NOPERM")) {
                Log.once(Log.Level.WARN, "fleet-refused:" + store.describe(), store.describe() + " refuses the"
                        + " heartbeat's writes to " + keys.own() + "* (" + e.getMessage() + "); this instance is missing"
                        + " from instances and stale elsewhere, its own views stay local (docs/security.md has the ACL"
                        + " for the fleet)");
            } else {
                Log.debug("heartbeat not sent: " + e.getMessage());
            }
        }
    }

    private Instance describe(long now, Map<String, Long> evaluatedNow) {
        identify();
        List<Instance.FlagUse> flags = new ArrayList<>();
        for (FlagReport r : engine.reports()) {
            FlagReport.Counts c = r.counts();
            long active = c == null ? 0 : c.active();
            long inactive = c == null ? 0 : c.inactive();
            String key = r.type().lower() + ":" + r.name();
            long total = active + inactive;
            Long before = totals.put(key, total);
            if (total > (before == null ? 0 : before)) {
                lastEvaluated.put(key, now);
                evaluatedNow.put(key, now);
            }
            flags.add(new Instance.FlagUse(r.type().lower(), r.name(), r.declared(), active, inactive,
                    c == null ? 0 : c.fallback(), c == null ? 0 : c.error(), lastEvaluated.getOrDefault(key, 0L)));
        }
        return new Instance(id, Origin.application(engine.config()), Origin.thisHost(), pid,
                System.getProperty("java.version"), agentVersion, started, now, engine.storeUp(), engine.storeProblem(),
                flags);
    }

    /** Stops the heartbeats and deletes this one (the JVM shuts down cleanly); bounded by the store's timeout. */
    public void stop() {
        stopped = true;
        Future<?> c = chore;
        if (c != null) {
            c.cancel(false);
        }
        String sent;
        synchronized (this) {
            sent = latest == null ? null : id;
        }
        if (sent == null) {
            return; // no heartbeat was written
        }
        Keys keys = engine.keys();
        try {
            engine.store().run(List.of(Command.of("DEL", keys.instance(sent)), Command.of("ZREM", keys.instances(), sent)),
                    false);
        } catch (StoreException | RuntimeException e) {
            // it expires by itself
        }
    }
}
