package dev.pancake.agent.fleet;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.pancake.agent.protocol.Keys;
import dev.pancake.agent.store.Command;
import dev.pancake.agent.store.Store;
import dev.pancake.agent.store.StoreException;

/**
 * Reads the fleet of a namespace from Redis: the running instances (from their heartbeats) and,
 * per flag, when any instance last saw it evaluated.
 */
public final class Fleet {

    private Fleet() {}

    /** A class, not a lambda: the admin page renders this while the agent starts (see StoreSync's tasks). */
    private static final Comparator<Instance> BY_APP_HOST_PID = new Comparator<Instance>() {
        @Override
        public int compare(Instance a, Instance b) {
            int c = String.valueOf(a.app()).compareTo(String.valueOf(b.app()));
            c = c != 0 ? c : String.valueOf(a.host()).compareTo(String.valueOf(b.host()));
            return c != 0 ? c : Long.compare(a.pid(), b.pid());
        }
    };

    /**
     * The instances whose heartbeat has not expired, by application, host and pid. An id in the
     * index whose heartbeat is gone (a JVM that was killed) is left for the next heartbeat of any
     * instance to drop.
     */
    public static List<Instance> instances(Store store, Keys keys, long now) throws StoreException {
        Object ids = store.run(List.of(Command.of("ZRANGEBYSCORE", keys.instances(),
                Long.toString(now - Heartbeat.FORGET_MS), "+inf")), false).get(0);
        List<Command> gets = new ArrayList<>();
        for (Object id : (List<?>) ids) {
            gets.add(Command.of("GET", keys.instance((String) id)));
        }
        List<Instance> out = new ArrayList<>();
        for (Object json : store.run(gets, false)) {
            Instance i = Instance.fromJson((String) json);
            if (i != null) {
                out.add(i);
            }
        }
        out.sort(BY_APP_HOST_PID);
        return out;
    }

    /**
     * Per flag ({@code switch:NAME}), when an instance last saw it evaluated; and under
     * {@value Heartbeat#SINCE} when the first heartbeat of the namespace was sent.
     */
    public static Map<String, Long> evaluated(Store store, Keys keys) throws StoreException {
        List<?> flat = (List<?>) store.run(List.of(Command.of("HGETALL", keys.evaluated())), false).get(0);
        Map<String, Long> out = new HashMap<>();
        for (int i = 0; i + 1 < flat.size(); i += 2) {
            try {
                out.put((String) flat.get(i), Long.parseLong((String) flat.get(i + 1)));
            } catch (NumberFormatException e) {
                // another client's value: not a time
            }
        }
        return out;
    }
}
