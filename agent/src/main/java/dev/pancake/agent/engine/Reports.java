package dev.pancake.agent.engine;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.pancake.agent.config.Config;
import dev.pancake.agent.config.FlagDef;
import dev.pancake.agent.config.FlagType;
import dev.pancake.agent.config.GroupDef;
import dev.pancake.agent.config.Percent;

/** Reports each flag for the operator surfaces: its values, live counts and the methods that use it. */
final class Reports {

    private final Engine engine;
    private final GateRegistry registry;

    Reports(Engine engine, GateRegistry registry) {
        this.engine = engine;
        this.registry = registry;
    }

    /**
     * Every declared flag (by its declared type) and every flag that gated code uses under
     * another type or without a declaration, with live counts and the methods that use it.
     */
    List<FlagReport> reports() {
        Config cfg = engine.config;
        List<FlagReport> out = new ArrayList<>();
        Set<String> done = new HashSet<>();
        for (FlagDef def : cfg.flags().values()) {
            FlagState f = engine.track(def.type(), def.name());
            out.add(report(f, cfg));
            done.add(def.type().keyPrefix() + ":" + def.name());
        }
        registry.liveGates();
        List<FlagState> others = new ArrayList<>();
        for (Map.Entry<String, FlagState> e : engine.flags.entrySet()) {
            if (!done.contains(e.getKey()) && usedByGates(e.getValue())) {
                others.add(e.getValue());
            }
        }
        others.sort(BY_NAME_AND_TYPE);
        for (FlagState f : others) {
            out.add(report(f, cfg));
        }
        return out;
    }

    /** A class, not a lambda: the heartbeat reads the reports soon after start-up (see StoreSync's tasks). */
    private static final java.util.Comparator<FlagState> BY_NAME_AND_TYPE = new java.util.Comparator<FlagState>() {
        @Override
        public int compare(FlagState a, FlagState b) {
            return a.name.equals(b.name) ? a.type.compareTo(b.type) : a.name.compareTo(b.name);
        }
    };

    private boolean usedByGates(FlagState f) {
        for (MethodGate g : registry.gates) {
            if (g.flag == f) {
                return true;
            }
        }
        return false;
    }

    private FlagReport report(FlagState f, Config cfg) {
        FlagState.Snapshot s = f.snapshot;
        FlagDef def = cfg.flag(f.name);
        Map<String, Map<String, Boolean>> overrides = new java.util.LinkedHashMap<>();
        if (f.type == FlagType.FLAG && def != null) {
            for (GroupDef g : cfg.groups()) {
                overrides.put(g.name(), java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(f.overrides(g.name()))));
            }
        }
        List<String> methods = new ArrayList<>();
        for (MethodGate g : registry.gates) {
            if (g.flag == f) {
                methods.add(g.method.signature());
            }
        }
        String current = def == null ? (f.type == FlagType.SAMPLE ? "0.0" : "false")
                : f.type == FlagType.SAMPLE ? Percent.format(s.percent()) : Boolean.toString(s.active());
        String defaultText = def == null ? (f.type == FlagType.SAMPLE ? "0.0" : "false")
                : f.type == FlagType.SAMPLE ? Percent.format(Snapshots.defaultPercent(def)) : Boolean.toString(Snapshots.defaultActive(def));
        return new FlagReport(f.name, f.type, def != null, defaultText, s.stored(), current,
                java.util.Collections.unmodifiableMap(overrides), FlagReport.Counts.of(f.counters), List.copyOf(methods));
    }
}
