package dev.pancake.agent.admin.cli;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.pancake.agent.admin.Json;
import dev.pancake.agent.config.Config;
import dev.pancake.agent.history.HistoryEntry;
import dev.pancake.agent.history.HistoryLog;
import dev.pancake.agent.protocol.Keys;
import dev.pancake.agent.store.Store;
import dev.pancake.agent.store.StoreException;

/**
 * {@code history [NAME] [--limit N] [--json]}: the newest changes first, from the stream
 * {@code PANCAKE:{ns}:history}. NAME need not be declared: the history also holds flags that
 * pancake.yml no longer names.
 */
public final class HistoryCommand {

    public static final int DEFAULT_LIMIT = 20;

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'Z'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    private HistoryCommand() {}

    public static String run(Invocation invocation, Config config, Store store) throws StoreException {
        String name = invocation.arg("NAME");
        name = name == null ? null : name.toUpperCase(Locale.ROOT);
        int limit = Integer.parseInt(invocation.option("--limit", Integer.toString(DEFAULT_LIMIT)).trim());
        List<HistoryEntry> entries = new HistoryLog(new Keys(config.namespace())).read(store, name, limit);
        return invocation.json() ? json(entries) : table(entries, name);
    }

    /** When, UTC, to the second. */
    public static String time(long millis) {
        return TIME.format(Instant.ofEpochMilli(millis));
    }

    public static String table(List<HistoryEntry> entries, String name) {
        if (entries.isEmpty()) {
            return (name == null ? "no changes are recorded" : "no changes of " + name + " are recorded") + "\n";
        }
        Table table = new Table("TIME", "FLAG", "CHANGE", "ACTOR", "VIA", "HOST", "REASON");
        for (HistoryEntry e : entries) {
            table.add(time(e.time()), e.flag() + " (" + e.type() + ")", e.what(), text(e.actor()), text(e.via()),
                    text(e.host()), text(e.reason()));
        }
        return table.render();
    }

    private static String text(String s) {
        return s == null ? "" : s;
    }

    static String json(List<HistoryEntry> entries) {
        return Json.writeEach(entries, HistoryCommand::map);
    }

    /** One entry as {@code history --json}, {@code GET /history} and JMX show it. */
    public static Map<String, Object> map(HistoryEntry e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("entry", e.streamId());
        m.put("time", time(e.time()));
        m.put("flag", e.flag());
        m.put("type", e.type());
        m.put("verb", e.verb());
        m.put("group", e.group());
        m.put("id", e.id());
        m.put("old", e.before());
        m.put("new", e.after());
        if (e.count() >= 0) {
            m.put("count", e.count());
        }
        m.put("actor", e.actor());
        m.put("via", e.via());
        m.put("host", e.host());
        m.put("reason", e.reason());
        return m;
    }
}
