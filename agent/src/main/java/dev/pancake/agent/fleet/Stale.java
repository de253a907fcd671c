package dev.pancake.agent.fleet;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import dev.pancake.agent.config.Percent;
import dev.pancake.agent.protocol.StoredValue;

/**
 * Which flags want cleaning up, from what Redis knows: flags that no instance has evaluated for N
 * days ({@link Kind#UNUSED}), flags whose keys no running instance declares ({@link Kind#ORPHAN}),
 * and flags fully on for N days, ready to be deleted from the code ({@link Kind#FULLY_ON}). Each
 * with the exact command that removes its keys. Pure: the inputs are read elsewhere.
 */
public final class Stale {

    public static final long DAY_MS = 86_400_000L;

    public enum Kind {
        UNUSED("unused"), ORPHAN("orphan"), FULLY_ON("fully-on");

        private final String word;

        Kind(String word) {
            this.word = word;
        }

        public String word() {
            return word;
        }
    }

    /**
     * One flag to clean up.
     *
     * @param flag    {@code switch:NAME}
     * @param keys    its keys in Redis, sorted (empty when it has none)
     * @param command the command that removes them, or null when there is nothing to remove
     */
    public record Finding(Kind kind, String flag, String why, List<String> keys, String command) {}

    /**
     * What is known about the namespace.
     *
     * @param declared   flags ({@code switch:NAME}) that something declares: the running instances' and the CLI's pancake.yml
     * @param declaredByInstances the flags that a running instance declares
     * @param evaluated  per flag, when an instance last saw it evaluated; {@link Heartbeat#SINCE}: since when this is known
     * @param keys       per flag, its keys in Redis
     * @param stored     per flag, the raw value of its main key
     * @param lastChange per flag, the time of its newest history entry
     * @param historyFrom the time of the oldest entry in the history, or -1 when it is empty
     */
    public record Facts(Set<String> declared, Set<String> declaredByInstances, Map<String, Long> evaluated,
            Map<String, List<String>> keys, Map<String, String> stored, Map<String, Long> lastChange, long historyFrom) {}

    private Stale() {}

    public static List<Finding> find(Facts f, long now, int days) {
        long horizon = now - days * DAY_MS;
        Set<String> all = new TreeSet<>(f.declared());
        all.addAll(f.keys().keySet());
        List<Finding> out = new ArrayList<>();
        Long since = f.evaluated().get(Heartbeat.SINCE);
        for (String flag : all) {
            List<String> keys = f.keys().getOrDefault(flag, List.of());
            String command = keys.isEmpty() ? null : "redis-cli DEL " + String.join(" ", keys);
            if (!keys.isEmpty() && !f.declaredByInstances().contains(flag)) {
                out.add(new Finding(Kind.ORPHAN, flag, "no running instance declares it; its keys are in Redis", keys,
                        command));
            }
            if (f.declared().contains(flag) && since != null) {
                Long last = f.evaluated().get(flag);
                if (last == null && since <= horizon) {
                    out.add(new Finding(Kind.UNUSED, flag, "not evaluated by any instance since the fleet's first"
                            + " heartbeat, " + days(now - since) + " ago", keys, command));
                } else if (last != null && last <= horizon) {
                    out.add(new Finding(Kind.UNUSED, flag, "last evaluated " + days(now - last) + " ago", keys, command));
                }
            }
            if (fullyOn(flag, f.stored().get(flag))) {
                Long changed = f.lastChange().get(flag);
                if (changed != null && changed <= horizon) {
                    out.add(new Finding(Kind.FULLY_ON, flag, "fully on since " + days(now - changed) + " ago; delete it"
                            + " from the code, then its keys", keys, command));
                } else if (changed == null && f.historyFrom() >= 0 && f.historyFrom() <= horizon) {
                    out.add(new Finding(Kind.FULLY_ON, flag, "fully on, unchanged for the whole history ("
                            + days(now - f.historyFrom()) + "); delete it from the code, then its keys", keys, command));
                }
            }
        }
        return out;
    }

    /** Whether a main key's value turns the flag on for everyone: "1", or a sample's 100. */
    static boolean fullyOn(String flag, String raw) {
        if (raw == null) {
            return false;
        }
        return flag.startsWith("sample:") ? Percent.parse(raw) >= 100 : StoredValue.ON.equals(raw);
    }

    private static String days(long ms) {
        long d = ms / DAY_MS;
        return d == 1 ? "1 day" : d + " days";
    }

    /** The findings by flag, for a view that shows each flag once. */
    public static Map<String, List<Finding>> byFlag(List<Finding> findings) {
        Map<String, List<Finding>> out = new TreeMap<>();
        for (Finding f : findings) {
            List<Finding> l = out.get(f.flag());
            if (l == null) {
                l = new ArrayList<>();
                out.put(f.flag(), l);
            }
            l.add(f);
        }
        return out;
    }
}
