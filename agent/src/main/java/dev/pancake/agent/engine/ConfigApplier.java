package dev.pancake.agent.engine;

import java.util.List;

import dev.pancake.agent.config.Config;
import dev.pancake.agent.config.FallbackSpec;
import dev.pancake.agent.config.FlagDef;
import dev.pancake.agent.config.FlagType;
import dev.pancake.agent.log.Log;
import dev.pancake.agent.store.Store;

/**
 * Applies pancake.yml to the gated code: plans each gate's fallback, reports (once) what the file
 * says that does not match the gates, and switches everything over to a reloaded file. A reload
 * runs under the sync lock (see {@link StoreSync}).
 */
final class ConfigApplier {

    private final Engine engine;
    private final GateRegistry registry;

    ConfigApplier(Engine engine, GateRegistry registry) {
        this.engine = engine;
        this.registry = registry;
    }

    /**
     * Applies a new pancake.yml. A new store (when the Redis settings changed) replaces the old
     * one, which is closed.
     */
    void reload(Config next, Store nextStore) {
        engine.sync.runOnSync(() -> {
            Config previous = engine.config;
            engine.config = new Config(next.source(), previous.namespace(), next.redis(), next.groups(), next.flags(),
                    next.admin(), next.app());
            Config applied = engine.config;
            if (!next.namespace().equals(previous.namespace())) {
                Log.warn(next.source() + ": the namespace changed from " + previous.namespace() + " to "
                        + next.namespace() + "; it takes effect when the JVM restarts, until then "
                        + previous.namespace() + " stays in use");
            }
            boolean resync = false;
            if (nextStore != null) {
                engine.sync.replaceStore(nextStore);
                resync = true;
            }
            for (FlagDef def : applied.flags().values()) {
                engine.track(def.type(), def.name());
            }
            // Plan and build everything first (the slow part: it may load classes), then switch
            // over in one quick pass, so that calls meanwhile see the old configuration or the new
            // one, not a mix of both for long.
            List<MethodGate> gated = List.copyOf(registry.liveGates());
            Fallback[] planned = new Fallback[gated.size()];
            for (int i = 0; i < planned.length; i++) {
                MethodGate g = gated.get(i);
                planned[i] = plan(g, applied);
                checkDeclaration(g.flag.type, g.flag.name, g.method, applied);
            }
            boolean loading = engine.firstSync.getCount() > 0;
            List<FlagState> all = List.copyOf(engine.flags.values());
            FlagState.Snapshot[] built = new FlagState.Snapshot[all.size()];
            for (int i = 0; i < built.length; i++) {
                built[i] = engine.snapshots.build(all.get(i), applied, loading);
            }
            if (!applied.groups().equals(previous.groups())) {
                registry.groups(applied.groups());
            }
            for (int i = 0; i < planned.length; i++) {
                gated.get(i).fallback = planned[i];
            }
            checkMethodEntries(applied, null);
            for (int i = 0; i < built.length; i++) {
                all.get(i).snapshot = built[i];
            }
            if (resync || !loading) {
                engine.sync.fullSync();
            }
            engine.listeners.changed(ChangeListeners.differences(previous, applied));
        });
    }

    Fallback plan(MethodGate gate, Config cfg) {
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

    void checkDeclaration(FlagType type, String name, MethodInfo method, Config cfg) {
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
                    + "; the annotation wins: the method reads " + engine.keys.main(type, name));
        }
    }

    void checkMethodEntries(Config cfg, String onlyClass) {
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
                for (MethodGate g : registry.gates) {
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
}
