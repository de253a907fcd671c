package dev.pancake.agent.store;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The commands of Pancake's own keys (history and fleet) for {@link MemoryStore}: what Redis
 * does with them, for one JVM. Strings with an expiry, streams, sorted sets and hashes; the flag
 * writes go through the store's own methods so that its listeners hear of them.
 */
final class MemoryCommands {

    private final MemoryStore store;
    private final Map<String, Long> expiries = new HashMap<>();
    private final Map<String, List<String[]>> streams = new HashMap<>();
    private final Map<String, Map<String, Double>> sortedSets = new HashMap<>();
    private final Map<String, Map<String, String>> hashes = new HashMap<>();
    private long lastMs;
    private long seq;
    private long sets;
    /** Expired strings are dropped when read, and every this many SETs (markers are written, rarely read). */
    private static final int SWEEP_EVERY = 256;

    MemoryCommands(MemoryStore store) {
        this.store = store;
    }

    /** Runs one command; all of them run under the store's lock, so a batch is atomic. */
    Object run(Command c, long now) throws StoreException {
        List<String> a = c.args();
        String key = a.get(0);
        switch (c.name()) {
            case "SET": return set(a, now);
            case "GET": return live(key, now) ? store.string(key) : null;
            case "DEL": {
                long n = 0;
                for (String k : a) {
                    n += remove(k) ? 1 : 0;
                }
                store.delete(a);
                return n;
            }
            case "SADD": store.addMember(key, a.get(1)); return 1L;
            case "SREM": store.removeMembers(key, a.subList(1, a.size())); return 1L;
            case "PEXPIRE": expiries.put(key, now + Long.parseLong(a.get(1))); return 1L;
            case "XADD": return xadd(a, now);
            case "XREVRANGE": return xrevrange(a);
            case "ZADD": sortedSets.computeIfAbsent(key, k -> new HashMap<>()).put(a.get(2), Double.parseDouble(a.get(1))); return 1L;
            case "ZREM": {
                Map<String, Double> z = sortedSets.get(key);
                return z != null && z.remove(a.get(1)) != null ? 1L : 0L;
            }
            case "ZRANGEBYSCORE": return zrange(key, a.get(1), a.get(2));
            case "ZREMRANGEBYSCORE": {
                Map<String, Double> z = sortedSets.get(key);
                if (z == null) {
                    return 0L;
                }
                int before = z.size();
                z.values().removeIf(s -> s >= bound(a.get(1)) && s <= bound(a.get(2)));
                return (long) (before - z.size());
            }
            case "HSET": {
                Map<String, String> h = hashes.computeIfAbsent(key, k -> new LinkedHashMap<>());
                for (int i = 1; i + 1 < a.size(); i += 2) {
                    h.put(a.get(i), a.get(i + 1));
                }
                return 1L;
            }
            case "HSETNX": {
                Map<String, String> h = hashes.computeIfAbsent(key, k -> new LinkedHashMap<>());
                return h.putIfAbsent(a.get(1), a.get(2)) == null ? 1L : 0L;
            }
            case "SCAN": return scan(a.get(2));
            case "HGETALL": {
                List<Object> out = new ArrayList<>();
                hashes.getOrDefault(key, Map.of()).forEach((f, v) -> {
                    out.add(f);
                    out.add(v);
                });
                return out;
            }
            default: throw new StoreException(store.describe() + " does not support " + c.name(), null, true);
        }
    }

    /** {@code SCAN 0 MATCH PREFIX* COUNT n}: every key of the prefix in one page. */
    private Object scan(String pattern) {
        String prefix = pattern.endsWith("*") ? pattern.substring(0, pattern.length() - 1) : pattern;
        List<Object> keys = new ArrayList<>();
        for (String k : store.keys()) {
            if (k.startsWith(prefix)) {
                keys.add(k);
            }
        }
        return List.of("0", keys);
    }

    private void sweep(long now) {
        for (java.util.Iterator<Map.Entry<String, Long>> it = expiries.entrySet().iterator(); it.hasNext();) {
            Map.Entry<String, Long> e = it.next();
            if (e.getValue() <= now) {
                store.forget(e.getKey());
                it.remove();
            }
        }
    }

    private boolean live(String key, long now) {
        Long until = expiries.get(key);
        if (until != null && until <= now) {
            expiries.remove(key);
            store.forget(key);
            return false;
        }
        return true;
    }

    private boolean remove(String key) {
        expiries.remove(key);
        return streams.remove(key) != null | sortedSets.remove(key) != null | hashes.remove(key) != null
                | store.string(key) != null;
    }

    /** {@code SET key value [NX] [PX ms | EX s] [GET]}. */
    private Object set(List<String> a, long now) {
        if (++sets % SWEEP_EVERY == 0) {
            sweep(now);
        }
        String key = a.get(0);
        boolean nx = false;
        boolean get = false;
        Long until = null;
        for (int i = 2; i < a.size(); i++) {
            switch (a.get(i)) {
                case "NX": nx = true; break;
                case "GET": get = true; break;
                case "PX": until = now + Long.parseLong(a.get(++i)); break;
                case "EX": until = now + 1000 * Long.parseLong(a.get(++i)); break;
                default: break;
            }
        }
        String old = live(key, now) ? store.string(key) : null;
        if (nx && old != null) {
            return get ? old : null;
        }
        store.set(key, a.get(1));
        if (until == null) {
            expiries.remove(key);
        } else {
            expiries.put(key, until);
        }
        return get ? old : "OK";
    }

    /** {@code XADD key [MAXLEN ~ n] * field value ...}. */
    private Object xadd(List<String> a, long now) {
        int i = 1;
        int max = Integer.MAX_VALUE;
        if (a.get(i).equals("MAXLEN")) {
            i++;
            if (a.get(i).equals("~") || a.get(i).equals("=")) {
                i++;
            }
            max = Integer.parseInt(a.get(i++));
        }
        i++; // "*"
        if (now > lastMs) {
            lastMs = now;
            seq = 0;
        } else {
            seq++;
        }
        String id = lastMs + "-" + seq;
        List<String> entry = new ArrayList<>();
        entry.add(id);
        entry.addAll(a.subList(i, a.size()));
        List<String[]> stream = streams.computeIfAbsent(a.get(0), k -> new ArrayList<>());
        stream.add(entry.toArray(new String[0]));
        while (stream.size() > max) {
            stream.remove(0);
        }
        return id;
    }

    /** {@code XREVRANGE key end start [COUNT n]}, with {@code +}, {@code -} and exclusive {@code (id} bounds. */
    private Object xrevrange(List<String> a) {
        List<String[]> stream = streams.getOrDefault(a.get(0), List.of());
        int count = a.size() > 4 ? Integer.parseInt(a.get(4)) : Integer.MAX_VALUE;
        String end = a.get(1);
        List<Object> out = new ArrayList<>();
        for (int i = stream.size() - 1; i >= 0 && out.size() < count; i--) {
            String[] e = stream.get(i);
            if (!end.equals("+") && !before(e[0], end)) {
                continue;
            }
            List<Object> fields = new ArrayList<>(List.of(e).subList(1, e.length));
            out.add(List.of(e[0], fields));
        }
        return out;
    }

    /** Whether stream id {@code id} is within an end bound ({@code (x} exclusive, else inclusive). */
    private static boolean before(String id, String bound) {
        boolean exclusive = bound.startsWith("(");
        String b = exclusive ? bound.substring(1) : bound;
        int cmp = compareIds(id, b);
        return exclusive ? cmp < 0 : cmp <= 0;
    }

    static int compareIds(String x, String y) {
        String[] p = x.split("-");
        String[] q = y.split("-");
        int c = Long.compare(Long.parseLong(p[0]), Long.parseLong(q[0]));
        return c != 0 ? c : Long.compare(p.length > 1 ? Long.parseLong(p[1]) : 0, q.length > 1 ? Long.parseLong(q[1]) : 0);
    }

    private Object zrange(String key, String min, String max) {
        TreeMap<Double, List<String>> byScore = new TreeMap<>();
        sortedSets.getOrDefault(key, Map.of()).forEach((m, s) -> {
            if (s >= bound(min) && s <= bound(max)) {
                byScore.computeIfAbsent(s, k -> new ArrayList<>()).add(m);
            }
        });
        List<Object> out = new ArrayList<>();
        byScore.values().forEach(out::addAll);
        return out;
    }

    private static double bound(String b) {
        return b.equals("-inf") ? Double.NEGATIVE_INFINITY : b.equals("+inf") ? Double.POSITIVE_INFINITY
                : Double.parseDouble(b);
    }
}
