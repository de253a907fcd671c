package dev.pancake.agent.engine;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

import dev.pancake.agent.log.Secrets;

/**
 * Java Flight Recorder events: a flag's stored value changing, and the store being down. They
 * show in {@code jfr print --events dev.pancake.FlagChange,dev.pancake.StoreOutage} and in JDK
 * Mission Control under "Pancake". Only the agent's own threads record them, so a gated call never pays
 * for them; and the JFR classes are loaded at the first change or outage, not at start-up. A
 * runtime without the {@code jdk.jfr} module records nothing.
 */
final class FlightEvents {

    private static volatile boolean unavailable;

    private FlightEvents() {}

    @Name("dev.pancake.FlagChange")
    @Label("Flag Change")
    @Category("Pancake")
    @Description("A flag's value in the store changed, as this JVM saw it (its own writes and other clients' alike)")
    @StackTrace(false)
    static final class FlagChange extends Event {
        @Label("Flag") String flag;
        @Label("Type") String type;
        @Label("Key") @Description("The Redis key that changed (a flag's own key, or a group member's override)") String key;
        @Label("Before") @Description("The stored value before, or null") String before;
        @Label("After") @Description("The stored value now, or null when it was deleted") String after;
    }

    @Name("dev.pancake.StoreOutage")
    @Label("Store Outage")
    @Category("Pancake")
    @Description("The flag store could not be read; the event spans the outage and is recorded when the store is back")
    @StackTrace(false)
    static final class StoreOutage extends Event {
        @Label("Store") String store;
        @Label("Problem") String problem;
    }

    static void flagChanged(String flag, String type, String key, String before, String after) {
        if (unavailable) {
            return;
        }
        try {
            FlagChange e = new FlagChange();
            if (e.shouldCommit()) {
                e.flag = flag;
                e.type = type;
                e.key = key;
                e.before = before;
                e.after = after;
                e.commit();
            }
        } catch (LinkageError e) {
            unavailable = true; // no jdk.jfr in this runtime
        }
    }

    /** Starts an outage: the returned token ends it ({@link #storeBack}); null when JFR is unavailable. */
    static Object storeDown(String store, String problem) {
        if (unavailable) {
            return null;
        }
        try {
            StoreOutage e = new StoreOutage();
            e.store = store;
            e.problem = Secrets.scrub(problem);
            e.begin();
            return e;
        } catch (LinkageError e) {
            unavailable = true;
            return null;
        }
    }

    static void storeBack(Object outage) {
        if (outage instanceof StoreOutage e) {
            e.end();
            if (e.shouldCommit()) {
                e.commit();
            }
        }
    }
}
