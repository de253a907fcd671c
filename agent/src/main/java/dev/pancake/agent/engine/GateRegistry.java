package dev.pancake.agent.engine;

import java.lang.ref.ReferenceQueue;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.pancake.agent.config.GroupDef;
import dev.pancake.bridge.Bridge;

/**
 * Keeps the gates of instrumented methods and a context for each class loader that has them:
 * gives each gate its number in the bridge, and retires the gates of class loaders that were
 * collected so that their numbers go to new gates.
 */
final class GateRegistry {

    private final Engine engine;
    final List<MethodGate> gates = new CopyOnWriteArrayList<>();
    /** The bridge numbers of gates whose class loader was collected, for new gates. Guards the registration of gates. */
    private final ArrayDeque<Integer> freeIds = new ArrayDeque<>();
    /** Where the references of collected class loaders arrive (see {@link #retireDroppedGates}). */
    private final ReferenceQueue<ClassLoader> droppedLoaders = new ReferenceQueue<>();
    private final Map<ClassLoader, LoaderContext> contexts = new WeakHashMap<>();
    private final LoaderContext bootContext = new LoaderContext(null, droppedLoaders);

    GateRegistry(Engine engine) {
        this.engine = engine;
    }

    /**
     * Registers the gate with the bridge: under {@code id} when it is not -1 (the number of a
     * stand-in gate that instrumented code already calls), else under a retired gate's number or a
     * new one.
     */
    void register(MethodGate gate, int id) {
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
    List<MethodGate> liveGates() {
        synchronized (freeIds) {
            retireDroppedGates();
        }
        return gates;
    }

    LoaderContext context(ClassLoader loader) {
        if (loader == null) {
            return bootContext;
        }
        synchronized (contexts) {
            LoaderContext c = contexts.get(loader); // no lambda on the path of every gated class (see TypeResolver)
            if (c == null) {
                c = new LoaderContext(loader, droppedLoaders);
                c.groups(engine.config.groups());
                contexts.put(loader, c);
                engine.loaderSeen(loader);
            }
            return c;
        }
    }

    /** Gives every class loader's context these groups (a reload changed them). */
    void groups(List<GroupDef> groups) {
        bootContext.groups(groups);
        synchronized (contexts) {
            for (LoaderContext c : contexts.values()) {
                c.groups(groups);
            }
        }
    }
}
