package dev.pancake.agent.admin.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.pancake.agent.admin.Json;
import dev.pancake.agent.config.Config;
import dev.pancake.agent.config.FlagDef;
import dev.pancake.agent.fleet.Stale;
import dev.pancake.agent.fleet.StaleFacts;
import dev.pancake.agent.protocol.Keys;
import dev.pancake.agent.store.Store;
import dev.pancake.agent.store.StoreException;

/**
 * {@code stale [--days N] [--json]}: flags no instance has evaluated for N days, flags whose keys
 * no running instance declares (orphans), and flags fully on for N days; each with the command
 * that removes its keys.
 */
public final class StaleCommand {

    public static final int DEFAULT_DAYS = 30;

    private StaleCommand() {}

    public static String run(Invocation invocation, Config config, Store store) throws StoreException {
        int days = Integer.parseInt(invocation.option("--days", Integer.toString(DEFAULT_DAYS)).trim());
        List<String> declared = new ArrayList<>();
        for (FlagDef def : config.flags().values()) {
            declared.add(StaleFacts.flag(def.type(), def.name()));
        }
        long now = System.currentTimeMillis();
        List<Stale.Finding> findings = Stale.find(StaleFacts.read(store, new Keys(config.namespace()), declared, now), now,
                days);
        return invocation.json() ? json(findings) : table(findings, days);
    }

    public static String table(List<Stale.Finding> findings, int days) {
        if (findings.isEmpty()) {
            return "nothing to clean up: every flag was evaluated within " + days + " days, is declared by a running"
                    + " instance, and none has been fully on for " + days + " days\n";
        }
        Table t = new Table("KIND", "FLAG", "WHY", "REMOVE ITS KEYS WITH");
        for (Stale.Finding f : findings) {
            t.add(f.kind().word(), f.flag(), f.why(), f.command() == null ? "(no keys in Redis)" : f.command());
        }
        return t.render();
    }

    static String json(List<Stale.Finding> findings) {
        return Json.writeEach(findings, StaleCommand::map);
    }

    /** One finding as {@code stale --json}, the page and JMX show it. */
    public static Map<String, Object> map(Stale.Finding f) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("kind", f.kind().word());
        m.put("type", f.flag().substring(0, f.flag().indexOf(':')));
        m.put("name", f.flag().substring(f.flag().indexOf(':') + 1));
        m.put("why", f.why());
        m.put("keys", f.keys());
        m.put("command", f.command());
        return m;
    }
}
