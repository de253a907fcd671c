package dev.pancake.agent.history;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.pancake.agent.background.Background;
import dev.pancake.agent.config.FlagType;
import dev.pancake.agent.log.Log;
import dev.pancake.agent.protocol.Keys;
import dev.pancake.agent.protocol.StoredValue;
import dev.pancake.agent.store.Store;
import dev.pancake.agent.store.StoreException;

/**
 * Changes that this agent saw in Redis and did not make itself: handed over by the engine as it
 * reads them, and recorded as {@code via: external} on the agent's timer thread, so that reading
 * a change never waits for the history. {@link HistoryLog#recordExternal} decides, atomically in
 * Redis, which of the agents that saw a change records it. Changes of one key that wait
 * together become one (from the first value before to the last after, as the agent's reads
 * coalesce them anyway); at most {@value #MAX_QUEUED} keys wait, a burst beyond that is said once
 * and not recorded.
 */
public final class ExternalChanges {

    static final int MAX_QUEUED = 1_000;

    private record Pending(Store store, HistoryLog log, String key, HistoryEntry entry) {}

    private final ConcurrentLinkedQueue<String> queue = new ConcurrentLinkedQueue<>();
    private final java.util.concurrent.ConcurrentHashMap<String, Pending> waiting = new java.util.concurrent.ConcurrentHashMap<>();
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private final Runnable drain = new Runnable() { // not a lambda: see StoreSync's tasks
        @Override
        public void run() {
            drain();
        }
    };

    /** A key's stored value changed from {@code before} to {@code after} (null: absent); never blocks. */
    public void seen(Store store, HistoryLog log, Keys.Ref ref, String key, String before, String after) {
        Pending earlier = waiting.get(key);
        String from = earlier == null ? before : earlier.entry().before();
        Pending p = new Pending(store, log, key, entry(ref, from, after, System.currentTimeMillis()));
        if (earlier != null && waiting.replace(key, earlier, p)) {
            return; // one entry for the changes that waited together
        }
        if (waiting.size() >= MAX_QUEUED) {
            Log.once(Log.Level.WARN, "history-burst", "changes of more than " + MAX_QUEUED + " keys by other clients wait"
                    + " to be recorded in the history; those beyond are not (said once)");
            return;
        }
        if (waiting.putIfAbsent(key, p) != null) {
            waiting.put(key, p); // raced with another change of the key: the newest wins, still one entry
            return;
        }
        queue.add(key);
        if (scheduled.compareAndSet(false, true)) {
            Background.after(0, "recording changes made by other clients", drain);
        }
    }

    private void drain() {
        scheduled.set(false);
        String key;
        while ((key = queue.poll()) != null) {
            Pending p = waiting.remove(key);
            if (p == null) {
                continue;
            }
            try {
                p.log().recordExternal(p.store(), p.entry(), p.key());
            } catch (StoreException e) {
                Log.debug("could not record a change of " + p.key() + " by another client: " + e.getMessage());
            }
        }
    }

    /**
     * The entry for a change another client made: the verb is the one that would have made it
     * ({@code enable} for "1", {@code clear} for a deleted key, {@code enable-group} for an
     * override set to "1", {@code set} for a sample or for a value that is neither), the actor
     * unknown, and no host (Redis does not say where a write came from).
     */
    public static HistoryEntry entry(Keys.Ref ref, String before, String after, long now) {
        boolean override = ref.kind() == Keys.Ref.Kind.OVERRIDE;
        Boolean on = StoredValue.onOff(after);
        String verb;
        if (after == null) {
            verb = override ? "clear-group" : "clear";
        } else if (ref.type() == FlagType.SAMPLE || on == null) {
            verb = "set";
        } else {
            verb = (on ? "enable" : "disable") + (override ? "-group" : "");
        }
        return new HistoryEntry(null, now, ref.name(), ref.type().lower(), verb, ref.group(), ref.id(), before, after, -1,
                "unknown", Origin.EXTERNAL, null, null);
    }
}
