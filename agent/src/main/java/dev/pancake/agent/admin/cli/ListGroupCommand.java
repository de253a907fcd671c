package dev.pancake.agent.admin.cli;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.pancake.agent.admin.Json;
import dev.pancake.agent.config.Config;
import dev.pancake.agent.config.FlagType;
import dev.pancake.agent.engine.FlagReport;
import dev.pancake.agent.protocol.Keys;
import dev.pancake.agent.protocol.StoredValue;
import dev.pancake.agent.store.Store;
import dev.pancake.agent.store.StoreException;

/**
 * {@code flags list-group GROUP ID}, as in flask-pancake: for every declared flag, what this member
 * of the group gets. Its override key is read directly (not through the tracking set), since that
 * key is what the agent evaluates.
 */
public final class ListGroupCommand {

    private ListGroupCommand() {}

    /** One flag for one member: override null when the member has none. */
    record Row(String name, Boolean override, boolean global) {
        boolean current() {
            return override != null ? override : global;
        }
    }

    public static String run(Invocation invocation, Config config, Store store) throws UsageException, StoreException {
        String group = invocation.arg("GROUP");
        String id = invocation.arg("ID");
        new FlagLookup(config).group(group);
        if (id.isEmpty()) {
            throw new UsageException("a group member id must not be empty");
        }
        Keys keys = new Keys(config.namespace());
        List<FlagReport> flags = new ArrayList<>();
        for (FlagReport r : FlagReport.read(config, store)) {
            if (r.type() == FlagType.FLAG) {
                flags.add(r);
            }
        }
        flags.sort(Comparator.comparing(FlagReport::name));
        List<String> overrideKeys = new ArrayList<>();
        flags.forEach(f -> overrideKeys.add(keys.override(group, f.name(), id)));
        Map<String, String> values = store.get(overrideKeys);
        List<Row> rows = new ArrayList<>();
        for (FlagReport f : flags) {
            String v = values.get(keys.override(group, f.name(), id));
            Boolean override = StoredValue.onOff(v);
            rows.add(new Row(f.name(), override, Boolean.parseBoolean(f.current())));
        }
        return invocation.json() ? json(group, id, rows) : table(rows);
    }

    static String table(List<Row> rows) {
        Table table = new Table("NAME", "OVERRIDE", "GLOBAL", "CURRENT");
        for (Row r : rows) {
            table.add(r.name(), r.override() == null ? "-" : r.override().toString(), Boolean.toString(r.global()),
                    Boolean.toString(r.current()));
        }
        return table.render();
    }

    static String json(String group, String id, List<Row> rows) {
        List<Object> flags = new ArrayList<>();
        for (Row r : rows) {
            Map<String, Object> f = new LinkedHashMap<>();
            f.put("name", r.name());
            f.put("override", r.override());
            f.put("global", r.global());
            f.put("current", r.current());
            flags.add(f);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("group", group);
        out.put("id", id);
        out.put("flags", flags);
        return Json.write(out);
    }
}
