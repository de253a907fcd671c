package dev.pancake.agent.admin.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

import dev.pancake.agent.admin.Json;
import dev.pancake.agent.config.Config;
import dev.pancake.agent.engine.FlagReport;
import dev.pancake.agent.fleet.Fleet;
import dev.pancake.agent.fleet.Instance;
import dev.pancake.agent.protocol.Keys;
import dev.pancake.agent.store.Store;
import dev.pancake.agent.store.StoreException;

/**
 * {@code list --fleet [--json]}: every flag that pancake.yml or a running instance declares, with
 * the instances that use it (declare it, or evaluated it) and when any instance last evaluated it.
 */
public final class FleetListCommand {

    private FleetListCommand() {}

    /** One flag of the fleet view. */
    public record Row(String type, String name, String current, List<String> usedBy, Long lastEvaluated) {}

    public static String run(Invocation invocation, Config config, Store store) throws StoreException {
        Keys keys = new Keys(config.namespace());
        long now = System.currentTimeMillis();
        List<Row> rows = rows(FlagReport.read(config, store), Fleet.instances(store, keys, now), Fleet.evaluated(store, keys));
        return invocation.json() ? json(rows) : table(rows);
    }

    /** The rows: pancake.yml's flags with their current value, then the flags only instances know. */
    public static List<Row> rows(List<FlagReport> here, List<Instance> instances, Map<String, Long> evaluated) {
        Map<String, TreeSet<String>> users = new TreeMap<>();
        for (Instance i : instances) {
            for (Instance.FlagUse f : i.flags()) {
                if (f.declared() || f.evaluations() > 0) {
                    users.computeIfAbsent(f.key(), k -> new TreeSet<>()).add(i.app() + "@" + i.host() + ":" + i.pid());
                }
            }
        }
        List<Row> out = new ArrayList<>();
        for (FlagReport r : here) {
            String key = r.type().lower() + ":" + r.name();
            out.add(new Row(r.type().lower(), r.name(), r.current(), List.copyOf(users.getOrDefault(key, new TreeSet<>())),
                    evaluated.get(key)));
            users.remove(key);
        }
        for (Map.Entry<String, TreeSet<String>> u : users.entrySet()) {
            String key = u.getKey();
            out.add(new Row(key.substring(0, key.indexOf(':')), key.substring(key.indexOf(':') + 1), null,
                    List.copyOf(u.getValue()), evaluated.get(key)));
        }
        return out;
    }

    public static String table(List<Row> rows) {
        Table t = new Table("NAME", "TYPE", "CURRENT", "INSTANCES", "LAST EVALUATED");
        for (Row r : rows) {
            t.add(r.name(), r.type(), r.current() == null ? "(not declared here)" : r.current(),
                    r.usedBy().isEmpty() ? "-" : r.usedBy().size() + ": " + String.join(", ", r.usedBy()),
                    r.lastEvaluated() == null ? "never" : HistoryCommand.time(r.lastEvaluated()));
        }
        return t.render();
    }

    static String json(List<Row> rows) {
        List<Object> out = new ArrayList<>();
        for (Row r : rows) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", r.name());
            m.put("type", r.type());
            m.put("current", r.current());
            m.put("instances", r.usedBy());
            m.put("lastEvaluated", r.lastEvaluated() == null ? null : HistoryCommand.time(r.lastEvaluated()));
            out.add(m);
        }
        return Json.write(out);
    }
}
