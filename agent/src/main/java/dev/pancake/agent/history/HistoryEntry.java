package dev.pancake.agent.history;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One change in the stream {@code PANCAKE:{ns}:history}: its fields, as Redis holds them, are
 * {@code flag type verb [group] [id] [old] [new] [count] actor via host time [reason]}, each
 * optional one left out when it has no value (no {@code old}: the key was absent before; no
 * {@code new}: it is absent now).
 *
 * @param streamId the entry's id in the stream ({@code 1733200000000-0}), null before it is written
 * @param time     when it was made, in milliseconds since the epoch
 * @param count    clear-all-group's number of overrides removed, else -1
 */
public record HistoryEntry(String streamId, long time, String flag, String type, String verb, String group,
        String id, String before, String after, int count, String actor, String via, String host, String reason) {

    /** The longest value kept (flag values are a few bytes; another client may write anything). */
    static final int MAX_VALUE = 1024;

    /** The fields to XADD, in order: name, value, name, value, ... */
    public List<String> fields() {
        List<String> f = new ArrayList<>(26);
        put(f, "flag", flag);
        put(f, "type", type);
        put(f, "verb", verb);
        put(f, "group", group);
        put(f, "id", id);
        put(f, "old", Origin.cut(before, MAX_VALUE));
        put(f, "new", Origin.cut(after, MAX_VALUE));
        if (count >= 0) {
            put(f, "count", Integer.toString(count));
        }
        put(f, "actor", actor);
        put(f, "via", via);
        put(f, "host", host);
        put(f, "time", Long.toString(time));
        put(f, "reason", reason);
        return f;
    }

    private static void put(List<String> f, String name, String value) {
        if (value != null) {
            f.add(name);
            f.add(value);
        }
    }

    /**
     * An entry read back from the stream; fields it does not know are ignored, and a time that is
     * missing or not a number is taken from the stream id (its milliseconds).
     */
    public static HistoryEntry decode(String streamId, List<String> fields) {
        Map<String, String> m = new HashMap<>();
        for (int i = 0; i + 1 < fields.size(); i += 2) {
            m.put(fields.get(i), fields.get(i + 1));
        }
        return new HistoryEntry(streamId, number(m.get("time"), idMillis(streamId)), m.get("flag"), m.get("type"),
                m.get("verb"), m.get("group"), m.get("id"), m.get("old"), m.get("new"),
                (int) number(m.get("count"), -1), m.get("actor"), m.get("via"), m.get("host"), m.get("reason"));
    }

    static long idMillis(String streamId) {
        if (streamId == null) {
            return 0;
        }
        int dash = streamId.indexOf('-');
        return number(dash < 0 ? streamId : streamId.substring(0, dash), 0);
    }

    private static long number(String text, long otherwise) {
        try {
            return text == null ? otherwise : Long.parseLong(text);
        } catch (NumberFormatException e) {
            return otherwise;
        }
    }

    /** What changed, in words: {@code enable-group user 42: 0 -> 1}. */
    public String what() {
        StringBuilder b = new StringBuilder(verb == null ? "?" : verb);
        if (group != null) {
            b.append(' ').append(group);
        }
        if (id != null) {
            b.append(' ').append(id);
        }
        if (count >= 0) {
            b.append(": ").append(count).append(count == 1 ? " override" : " overrides");
        } else {
            b.append(": ").append(before == null ? "(absent)" : before).append(" -> ")
                    .append(after == null ? "(absent)" : after);
        }
        return b.toString();
    }

    /** Whether this entry is about this flag (its name upper-cased). */
    public boolean about(String name) {
        return name.equals(flag);
    }
}
