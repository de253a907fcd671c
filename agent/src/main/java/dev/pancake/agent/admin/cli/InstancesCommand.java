package dev.pancake.agent.admin.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.pancake.agent.admin.Json;
import dev.pancake.agent.config.Config;
import dev.pancake.agent.fleet.Fleet;
import dev.pancake.agent.fleet.Instance;
import dev.pancake.agent.protocol.Keys;
import dev.pancake.agent.store.Store;
import dev.pancake.agent.store.StoreException;

/** {@code instances [--json]}: the running agents of the namespace, from their heartbeats. */
public final class InstancesCommand {

    private InstancesCommand() {}

    public static String run(Invocation invocation, Config config, Store store) throws StoreException {
        List<Instance> instances = Fleet.instances(store, new Keys(config.namespace()), System.currentTimeMillis());
        return invocation.json() ? json(instances) : table(instances);
    }

    public static String table(List<Instance> instances) {
        if (instances.isEmpty()) {
            return "no running instances (none has sent a heartbeat in the last 30 s)\n";
        }
        Table t = new Table("APP", "HOST", "PID", "JAVA", "AGENT", "STARTED", "LAST HEARD", "STORE", "FLAGS");
        for (Instance i : instances) {
            t.add(String.valueOf(i.app()), String.valueOf(i.host()), Long.toString(i.pid()), String.valueOf(i.java()),
                    String.valueOf(i.agent()), HistoryCommand.time(i.started()), HistoryCommand.time(i.beat()),
                    i.storeUp() ? "up" : "down", Integer.toString(i.flags().size()));
        }
        return t.render();
    }

    static String json(List<Instance> instances) {
        return Json.writeEach(instances, InstancesCommand::map);
    }

    /** One instance as {@code instances --json}, {@code GET /fleet} and JMX show it. */
    public static Map<String, Object> map(Instance i) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", i.id());
        m.put("app", i.app());
        m.put("host", i.host());
        m.put("pid", i.pid());
        m.put("java", i.java());
        m.put("agent", i.agent());
        m.put("started", HistoryCommand.time(i.started()));
        m.put("lastHeard", HistoryCommand.time(i.beat()));
        m.put("storeUp", i.storeUp());
        m.put("storeProblem", i.storeProblem());
        List<Object> flags = new ArrayList<>();
        for (Instance.FlagUse f : i.flags()) {
            Map<String, Object> fm = new LinkedHashMap<>();
            fm.put("type", f.type());
            fm.put("name", f.name());
            fm.put("declared", f.declared());
            fm.put("active", f.active());
            fm.put("inactive", f.inactive());
            fm.put("fallback", f.fallback());
            fm.put("error", f.error());
            fm.put("lastEvaluated", f.lastEvaluated() == 0 ? null : HistoryCommand.time(f.lastEvaluated()));
            flags.add(fm);
        }
        m.put("flags", flags);
        return m;
    }
}
