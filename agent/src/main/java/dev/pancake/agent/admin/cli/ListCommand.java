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
import dev.pancake.agent.store.Store;
import dev.pancake.agent.store.StoreException;

/**
 * {@code list} (and {@code switches list}, {@code flags list}, {@code samples list}): every
 * declared flag with NAME, TYPE, DEFAULT and CURRENT, sorted by name, as a table or as JSON.
 */
public final class ListCommand {

    private ListCommand() {}

    public static String run(Invocation invocation, Config config, Store store) throws StoreException {
        FlagType only = invocation.command().type();
        List<FlagReport> reports = new ArrayList<>();
        for (FlagReport r : FlagReport.read(config, store)) {
            if (only == null || r.type() == only) {
                reports.add(r);
            }
        }
        reports.sort(Comparator.comparing(FlagReport::name));
        return invocation.json() ? json(config, store, reports) : table(reports);
    }

    static String table(List<FlagReport> reports) {
        Table table = new Table("NAME", "TYPE", "DEFAULT", "CURRENT");
        for (FlagReport r : reports) {
            table.add(r.name(), r.type().lower(), r.defaultText(), r.current());
        }
        return table.render();
    }

    /**
     * {@code {"config": ..., "namespace": ..., "store": ..., "flags": [...]}}, each flag in the
     * shape {@link Json#flag} gives it.
     */
    static String json(Config config, Store store, List<FlagReport> reports) {
        List<Object> flags = new ArrayList<>();
        for (FlagReport r : reports) {
            flags.add(Json.flag(r));
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("config", config.source());
        out.put("namespace", config.namespace());
        out.put("store", store.describe());
        out.put("flags", flags);
        return Json.write(out);
    }
}
