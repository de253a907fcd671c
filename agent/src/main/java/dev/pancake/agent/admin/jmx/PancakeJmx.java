package dev.pancake.agent.admin.jmx;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import java.util.Map;

import dev.pancake.agent.admin.OperatorViews;
import dev.pancake.agent.admin.cli.FleetListCommand;
import dev.pancake.agent.admin.cli.HistoryCommand;
import dev.pancake.agent.admin.cli.InstancesCommand;
import dev.pancake.agent.admin.cli.StaleCommand;
import dev.pancake.agent.config.FlagType;
import dev.pancake.agent.fleet.Fleet;
import dev.pancake.agent.fleet.Instance;
import dev.pancake.agent.fleet.Stale;
import dev.pancake.agent.history.HistoryEntry;
import dev.pancake.agent.history.Origin;
import dev.pancake.agent.protocol.Verb;
import dev.pancake.agent.log.Secrets;
import dev.pancake.agent.engine.Engine;
import dev.pancake.agent.engine.FlagReport;
import dev.pancake.agent.engine.Reconfiguration;
import dev.pancake.agent.store.StoreException;

/**
 * {@code dev.pancake:type=Pancake}: reads the engine live (flags added to or removed from
 * pancake.yml show up at once) and writes through {@link Engine#command}, exactly as the CLI and
 * flask-pancake do.
 *
 * <p>Only JDK exception types leave this class, without causes: a JMX client deserialises what
 * it receives and has none of the agent's classes.
 */
public final class PancakeJmx implements PancakeMXBean {

    private final Engine engine;
    private final Reconfiguration reconfiguration;
    private final OperatorViews views;

    public PancakeJmx(Engine engine, Reconfiguration reconfiguration, OperatorViews views) {
        this.engine = engine;
        this.reconfiguration = reconfiguration;
        this.views = views;
    }

    @Override
    public String history(String name, int limit) {
        if (limit < 1 || limit > 10_000) {
            throw new IllegalArgumentException("limit must be from 1 to 10000, got " + limit);
        }
        String flag = name == null || name.isBlank() ? null : name.trim().toUpperCase(Locale.ROOT);
        OperatorViews.View<HistoryEntry> v = views.history(flag, limit);
        return Secrets.scrub(note(v) + HistoryCommand.table(v.items(), flag)).stripTrailing();
    }

    @Override
    public String instances() {
        OperatorViews.View<Instance> v = views.instances();
        return Secrets.scrub(note(v) + InstancesCommand.table(v.items())).stripTrailing();
    }

    @Override
    public String listFleet() {
        OperatorViews.View<Instance> v = views.instances();
        Map<String, Long> evaluated;
        try {
            evaluated = Fleet.evaluated(engine.store(), engine.keys());
        } catch (StoreException | RuntimeException e) {
            evaluated = Map.of();
        }
        return Secrets.scrub(note(v) + FleetListCommand.table(FleetListCommand.rows(engine.reports(), v.items(), evaluated)))
                .stripTrailing();
    }

    @Override
    public String stale(int days) {
        if (days < 1 || days > 3_650) {
            throw new IllegalArgumentException("days must be from 1 to 3650, got " + days);
        }
        OperatorViews.View<Stale.Finding> v = views.stale(days);
        return Secrets.scrub(note(v) + StaleCommand.table(v.items(), days)).stripTrailing();
    }

    private static String note(OperatorViews.View<?> v) {
        return v.local() ? "(Redis could not be read: " + v.problem() + "; this JVM's own view)\n" : "";
    }

    @Override
    public List<FlagView> getFlags() {
        List<FlagView> out = new ArrayList<>();
        for (FlagReport r : engine.reports()) {
            out.add(new FlagView(r));
        }
        return out;
    }

    @Override
    public String getStore() {
        return Secrets.scrub(engine.store().describe());
    }

    @Override
    public boolean isStoreReachable() {
        return engine.storeUp();
    }

    @Override
    public String getStoreProblem() {
        return Secrets.scrub(engine.storeProblem());
    }

    @Override
    public String getConfigFile() {
        return engine.config().source();
    }

    @Override
    public String getNamespace() {
        return engine.config().namespace();
    }

    @Override
    public boolean isForTests() {
        return reconfiguration.forTests();
    }

    @Override
    public String useTestRedis(String url) {
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException("useTestRedis needs a redis:// or rediss:// URL");
        }
        return "flags are now in " + reconfiguration.useTestRedis(url);
    }

    @Override
    public String useMemoryStore() {
        return "flags are now in " + reconfiguration.useTestRedis(null);
    }

    @Override
    public String list() {
        List<FlagReport> reports = engine.reports();
        if (reports.isEmpty()) {
            return "no flags are declared in " + engine.config().source();
        }
        int width = "NAME".length();
        for (FlagReport r : reports) {
            width = Math.max(width, r.name().length());
        }
        String row = "%-" + width + "s  %-6s  %-7s  %s%n";
        StringBuilder out = new StringBuilder(String.format(Locale.ROOT, row, "NAME", "TYPE", "DEFAULT", "CURRENT"));
        for (FlagReport r : reports) {
            out.append(String.format(Locale.ROOT, row, r.name(), r.type().lower(), r.defaultText(), r.current()));
        }
        return out.toString().stripTrailing();
    }

    @Override
    public String enableSwitch(String name) {
        return run(FlagType.SWITCH, name, Verb.ENABLE, null, null, null);
    }

    @Override
    public String disableSwitch(String name) {
        return run(FlagType.SWITCH, name, Verb.DISABLE, null, null, null);
    }

    @Override
    public String clearSwitch(String name) {
        return run(FlagType.SWITCH, name, Verb.CLEAR, null, null, null);
    }

    @Override
    public String enableFlag(String name) {
        return run(FlagType.FLAG, name, Verb.ENABLE, null, null, null);
    }

    @Override
    public String disableFlag(String name) {
        return run(FlagType.FLAG, name, Verb.DISABLE, null, null, null);
    }

    @Override
    public String clearFlag(String name) {
        return run(FlagType.FLAG, name, Verb.CLEAR, null, null, null);
    }

    @Override
    public String enableFlagGroup(String name, String group, String id) {
        return run(FlagType.FLAG, name, Verb.ENABLE_GROUP, group, id, null);
    }

    @Override
    public String disableFlagGroup(String name, String group, String id) {
        return run(FlagType.FLAG, name, Verb.DISABLE_GROUP, group, id, null);
    }

    @Override
    public String clearFlagGroup(String name, String group, String id) {
        return run(FlagType.FLAG, name, Verb.CLEAR_GROUP, group, id, null);
    }

    @Override
    public String clearAllFlagGroup(String name, String group) {
        return run(FlagType.FLAG, name, Verb.CLEAR_ALL_GROUP, group, null, null);
    }

    @Override
    public String setSample(String name, String percent) {
        return run(FlagType.SAMPLE, name, Verb.SET, null, null, percent);
    }

    @Override
    public String clearSample(String name) {
        return run(FlagType.SAMPLE, name, Verb.CLEAR, null, null, null);
    }

    private String run(FlagType type, String name, Verb verb, String group, String id, String value) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a " + type.lower() + " name is required");
        }
        try {
            engine.command(type, name.trim(), verb, group, id, value, Origin.of(actor(), Origin.JMX, null));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(Secrets.scrub(e.getMessage()));
        } catch (StoreException e) {
            throw new IllegalStateException(Secrets.scrub(e.getMessage()));
        } catch (RuntimeException e) {
            throw new IllegalStateException(Secrets.scrub(type.lower() + " " + name + ": " + verb + " failed: " + e));
        }
        return done(type, name.trim().toUpperCase(Locale.ROOT), verb, group, id);
    }

    /**
     * Who calls: the principal a JMX connector authenticated (Java 18+ names the current subject
     * with {@code Subject.current()}, older ones with {@code Subject.getSubject}), else "jmx".
     */
    static String actor() {
        try {
            javax.security.auth.Subject subject;
            try {
                subject = (javax.security.auth.Subject) javax.security.auth.Subject.class.getMethod("current").invoke(null);
            } catch (NoSuchMethodException e) { // before Java 18: the subject of the access control context
                Class<?> controller = Class.forName("java.security.AccessController");
                Object context = controller.getMethod("getContext").invoke(null);
                subject = (javax.security.auth.Subject) javax.security.auth.Subject.class.getMethod("getSubject",
                        Class.forName("java.security.AccessControlContext")).invoke(null, context);
            }
            if (subject != null) {
                for (java.security.Principal p : subject.getPrincipals()) {
                    return p.getName();
                }
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            // no subject to be had: an unauthenticated or local connection
        }
        return "jmx";
    }

    /** What the operation did, and the flag's value now. */
    private String done(FlagType type, String name, Verb verb, String group, String id) {
        String now = "";
        for (FlagReport r : engine.reports()) {
            if (r.name().equals(name) && r.type() == type) {
                now = "; now " + r.current();
                break;
            }
        }
        String target = group == null ? "" : id == null ? " for every " + group : " for " + group + " " + id;
        return type.lower() + " " + name + ": " + verb + target + " done" + now;
    }
}
